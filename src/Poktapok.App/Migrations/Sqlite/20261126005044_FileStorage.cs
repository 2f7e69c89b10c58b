using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Poktapok.App.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FileStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "_poktapok_blob_deletions",
                columns: table => new
                {
                    blob_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_blob_deletions", x => x.blob_key);
                });

            migrationBuilder.CreateTable(
                name: "_poktapok_blobs",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_blobs", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "_poktapok_upload_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true),
                    storage_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__poktapok_upload_grants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "_storage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))"),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk__storage", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "file_attachments",
                columns: table => new
                {
                    storage_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    use = table.Column<string>(type: "TEXT", maxLength: 19, nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false, defaultValueSql: "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_file_attachments", x => x.storage_id);
                    table.CheckConstraint("file_attachments_use_set", "\"use\" IN ('avatar', 'project_logo', 'project_image', 'submission_evidence')");
                    table.ForeignKey(
                        name: "file_attachments_storage_id_fk",
                        column: x => x.storage_id,
                        principalTable: "_storage",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix__poktapok_blob_deletions_due_at",
                table: "_poktapok_blob_deletions",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "ix__poktapok_upload_grants_expires_at",
                table: "_poktapok_upload_grants",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix__storage_created_at",
                table: "_storage",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_file_attachments_owner",
                table: "file_attachments",
                columns: new[] { "owner_id", "use" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "_poktapok_blob_deletions");

            migrationBuilder.DropTable(
                name: "_poktapok_blobs");

            migrationBuilder.DropTable(
                name: "_poktapok_upload_grants");

            migrationBuilder.DropTable(
                name: "file_attachments");

            migrationBuilder.DropTable(
                name: "_storage");
        }
    }
}
