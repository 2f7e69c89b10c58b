using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberFeatures : Migration
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

            // Existing projects get their list order from featured, publishedAt and _creationTime (ProjectRules).
            migrationBuilder.Sql(Poktapok.App.Schema.ProjectRules.ListOrderBackfillSql(postgres: false));

            migrationBuilder.AddColumn<int>(
                name: "max_enrollments",
                table: "programs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "marked_by",
                table: "attendance",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

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

            migrationBuilder.UpdateData(
                table: "programs",
                keyColumn: "id",
                keyValue: new Guid("7c1b3b63-d044-5d4f-b754-3589bacffcd6"),
                column: "max_enrollments",
                value: null);

            migrationBuilder.UpdateData(
                table: "programs",
                keyColumn: "id",
                keyValue: new Guid("a8cde90f-a9ee-58e1-ac19-7b417080b0c9"),
                column: "max_enrollments",
                value: null);

            migrationBuilder.UpdateData(
                table: "programs",
                keyColumn: "id",
                keyValue: new Guid("b4d52e40-09b8-55df-86fe-4fe91c79d2c1"),
                column: "max_enrollments",
                value: null);

            migrationBuilder.CreateIndex(
                name: "idx_users_status_role_deleted",
                table: "users",
                columns: new[] { "account_status", "role", "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "idx_projects_list_order",
                table: "projects",
                columns: new[] { "list_order", "id" });

            migrationBuilder.CreateIndex(
                name: "idx_projects_status_deleted",
                table: "projects",
                columns: new[] { "project_status", "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "idx_projects_user_list_order",
                table: "projects",
                columns: new[] { "user_id", "list_order", "id" });

            migrationBuilder.CreateIndex(
                name: "idx_programs_active_name",
                table: "programs",
                columns: new[] { "is_active", "name" });

            migrationBuilder.AddCheckConstraint(
                name: "max_enrollments_positive",
                table: "programs",
                sql: "\"max_enrollments\" IS NULL OR (\"max_enrollments\" >= 1)");

            migrationBuilder.CreateIndex(
                name: "idx_program_enrollments_program_enrolled_at",
                table: "program_enrollments",
                columns: new[] { "program_id", "enrolled_at" });

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
                name: "idx_users_status_role_deleted",
                table: "users");

            migrationBuilder.DropIndex(
                name: "idx_projects_list_order",
                table: "projects");

            migrationBuilder.DropIndex(
                name: "idx_projects_status_deleted",
                table: "projects");

            migrationBuilder.DropIndex(
                name: "idx_projects_user_list_order",
                table: "projects");

            migrationBuilder.DropIndex(
                name: "idx_programs_active_name",
                table: "programs");

            migrationBuilder.DropCheckConstraint(
                name: "max_enrollments_positive",
                table: "programs");

            migrationBuilder.DropIndex(
                name: "idx_program_enrollments_program_enrolled_at",
                table: "program_enrollments");

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

            migrationBuilder.DropColumn(
                name: "list_order",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "max_enrollments",
                table: "programs");

            migrationBuilder.AlterColumn<Guid>(
                name: "marked_by",
                table: "attendance",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
