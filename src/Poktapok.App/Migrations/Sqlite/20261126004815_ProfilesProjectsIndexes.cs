using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProfilesProjectsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "list_order",
                table: "projects",
                type: "TEXT",
                maxLength: 37,
                nullable: false,
                defaultValue: "");

            // Rows already there get their list order (ProjectRules.ListOrder: featured, then microseconds since
            // 0001-01-01 of published_at, zeros when null, and of created_at); new writes derive it in Project.
            migrationBuilder.Sql(Poktapok.App.Schema.ProjectRules.ListOrderBackfillSql(postgres: false));

            migrationBuilder.CreateTable(
                name: "project_viewers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    viewer_key = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    last_counted_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_viewers", x => x.id);
                    table.ForeignKey(
                        name: "project_viewers_project_id_projects_id_fk",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_projects_list_order",
                table: "projects",
                columns: new[] { "list_order", "id" });

            migrationBuilder.CreateIndex(
                name: "idx_projects_user_list_order",
                table: "projects",
                columns: new[] { "user_id", "list_order", "id" });

            migrationBuilder.CreateIndex(
                name: "project_viewers_project_viewer_unique",
                table: "project_viewers",
                columns: new[] { "project_id", "viewer_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "project_viewers");

            migrationBuilder.DropIndex(
                name: "idx_projects_list_order",
                table: "projects");

            migrationBuilder.DropIndex(
                name: "idx_projects_user_list_order",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "list_order",
                table: "projects");
        }
    }
}
