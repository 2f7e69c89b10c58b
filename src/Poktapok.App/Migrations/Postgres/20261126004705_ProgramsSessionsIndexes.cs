using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProgramsSessionsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "max_enrollments",
                table: "programs",
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "marked_by",
                table: "attendance",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_programs_active_name",
                table: "programs");

            migrationBuilder.DropCheckConstraint(
                name: "max_enrollments_positive",
                table: "programs");

            migrationBuilder.DropIndex(
                name: "idx_program_enrollments_program_enrolled_at",
                table: "program_enrollments");

            migrationBuilder.DropColumn(
                name: "max_enrollments",
                table: "programs");

            migrationBuilder.AlterColumn<Guid>(
                name: "marked_by",
                table: "attendance",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
