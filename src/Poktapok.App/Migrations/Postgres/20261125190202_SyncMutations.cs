using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SyncMutations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "_poktapok_mutations",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    request_id = table.Column<int>(type: "integer", nullable: false),
                    result = table.Column<string>(type: "text", nullable: false),
                    log_lines = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_mutations", x => new { x.session_id, x.request_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix__poktapok_mutations_created_at",
                table: "_poktapok_mutations",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "_poktapok_mutations");
        }
    }
}
