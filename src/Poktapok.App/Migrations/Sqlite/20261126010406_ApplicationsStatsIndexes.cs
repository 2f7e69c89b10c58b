using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationsStatsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_users_status_role_deleted",
                table: "users",
                columns: new[] { "account_status", "role", "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "idx_projects_status_deleted",
                table: "projects",
                columns: new[] { "project_status", "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "idx_programs_is_active",
                table: "programs",
                column: "is_active");

            migrationBuilder.CreateIndex(
                name: "idx_invitations_inviter_created",
                table: "invitations",
                columns: new[] { "inviter_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_invitations_status_expires",
                table: "invitations",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "events_published_status_idx",
                table: "events",
                columns: new[] { "is_published", "status" });

            migrationBuilder.CreateIndex(
                name: "idx_applications_program_created",
                table: "applications",
                columns: new[] { "program_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_activities_status_deleted",
                table: "activities",
                columns: new[] { "status", "deleted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_users_status_role_deleted",
                table: "users");

            migrationBuilder.DropIndex(
                name: "idx_projects_status_deleted",
                table: "projects");

            migrationBuilder.DropIndex(
                name: "idx_programs_is_active",
                table: "programs");

            migrationBuilder.DropIndex(
                name: "idx_invitations_inviter_created",
                table: "invitations");

            migrationBuilder.DropIndex(
                name: "idx_invitations_status_expires",
                table: "invitations");

            migrationBuilder.DropIndex(
                name: "events_published_status_idx",
                table: "events");

            migrationBuilder.DropIndex(
                name: "idx_applications_program_created",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "idx_activities_status_deleted",
                table: "activities");
        }
    }
}
