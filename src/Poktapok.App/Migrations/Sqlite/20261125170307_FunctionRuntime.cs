using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FunctionRuntime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "_poktapok_commits",
                columns: table => new
                {
                    ts = table.Column<long>(type: "INTEGER", nullable: false),
                    committed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    tables = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_commits", x => x.ts);
                });

            migrationBuilder.CreateTable(
                name: "demo_counters",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_demo_counters", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "demo_counters_name_unique",
                table: "demo_counters",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "_poktapok_commits");

            migrationBuilder.DropTable(
                name: "demo_counters");
        }
    }
}
