using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ActivitiesPulpaIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_distributions_initiated_at",
                table: "pulpa_distributions",
                column: "initiated_at");

            migrationBuilder.CreateIndex(
                name: "idx_submissions_user_submitted_at",
                table: "activity_submissions",
                columns: new[] { "user_id", "submitted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_distributions_initiated_at",
                table: "pulpa_distributions");

            migrationBuilder.DropIndex(
                name: "idx_submissions_user_submitted_at",
                table: "activity_submissions");
        }
    }
}
