using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SchedulerAndLumaSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "events_luma_event_id_idx",
                table: "events");

            migrationBuilder.DropIndex(
                name: "events_luma_slug_idx",
                table: "events");

            migrationBuilder.CreateTable(
                name: "_poktapok_crons",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    schedule = table.Column<string>(type: "TEXT", nullable: false),
                    function_path = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    args = table.Column<string>(type: "TEXT", nullable: false),
                    next_run_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_run_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_job_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_crons", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "_poktapok_scheduled_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    function_path = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    args = table.Column<string>(type: "TEXT", nullable: false),
                    scheduled_for = table.Column<long>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    cron_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    node = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_scheduled_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "luma_sync_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    calendar_slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    seen = table.Column<int>(type: "INTEGER", nullable: false),
                    created = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    failed = table.Column<int>(type: "INTEGER", nullable: false),
                    missing = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    error_messages = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'[]'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_luma_sync_runs", x => x.id);
                    table.CheckConstraint("luma_sync_runs_status_set", "\"status\" IN ('running', 'success', 'partial', 'failed')");
                    table.CheckConstraint("luma_sync_runs_trigger_set", "\"trigger\" IN ('cron', 'admin', 'http')");
                });

            migrationBuilder.CreateIndex(
                name: "events_luma_event_id_unique",
                table: "events",
                column: "luma_event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "events_luma_slug_unique",
                table: "events",
                column: "luma_slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix__poktapok_scheduled_jobs_cron_name_scheduled_for",
                table: "_poktapok_scheduled_jobs",
                columns: new[] { "cron_name", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "ix__poktapok_scheduled_jobs_state_scheduled_for",
                table: "_poktapok_scheduled_jobs",
                columns: new[] { "state", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "luma_sync_runs_started_at_idx",
                table: "luma_sync_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "luma_sync_runs_status_idx",
                table: "luma_sync_runs",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "_poktapok_crons");

            migrationBuilder.DropTable(
                name: "_poktapok_scheduled_jobs");

            migrationBuilder.DropTable(
                name: "luma_sync_runs");

            migrationBuilder.DropIndex(
                name: "events_luma_event_id_unique",
                table: "events");

            migrationBuilder.DropIndex(
                name: "events_luma_slug_unique",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "events_luma_event_id_idx",
                table: "events",
                column: "luma_event_id");

            migrationBuilder.CreateIndex(
                name: "events_luma_slug_idx",
                table: "events",
                column: "luma_slug");
        }
    }
}
