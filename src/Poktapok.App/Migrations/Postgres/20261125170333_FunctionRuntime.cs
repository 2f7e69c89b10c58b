using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FunctionRuntime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "poktapok_commit_ts");

            migrationBuilder.CreateTable(
                name: "_poktapok_commits",
                columns: table => new
                {
                    ts = table.Column<long>(type: "bigint", nullable: false),
                    committed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tables = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_commits", x => x.ts);
                });

            migrationBuilder.CreateTable(
                name: "demo_counters",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    value = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
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

            migrationBuilder.DropSequence(
                name: "poktapok_commit_ts");
        }
    }
}
