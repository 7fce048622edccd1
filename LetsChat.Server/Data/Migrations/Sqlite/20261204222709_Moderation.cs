using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LetsChat.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Moderation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BannedUntil",
                table: "Users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ModeratorsAllowed",
                table: "Rooms",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "SlowModeSeconds",
                table: "Rooms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "MutedUntil",
                table: "RoomMembers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RoomId",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BlockedWords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Word = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NormalizedWord = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockedWords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlockedWords_Users_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HeldMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoomId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    ClientMessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReplyToId = table.Column<long>(type: "INTEGER", nullable: true),
                    AttachmentIds = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    MatchedWord = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HeldMessages_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HeldMessages_Users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReporterId = table.Column<long>(type: "INTEGER", nullable: false),
                    TargetUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    RoomId = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MessageText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Attached = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedById = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reports_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reports_Users_ReporterId",
                        column: x => x.ReporterId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reports_Users_TargetUserId",
                        column: x => x.TargetUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "Rooms",
                keyColumn: "Id",
                keyValue: 1L,
                columns: new[] { "ModeratorsAllowed", "SlowModeSeconds" },
                values: new object[] { false, 0 });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_RoomId",
                table: "AuditEntries",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_BlockedWords_CreatedById",
                table: "BlockedWords",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_BlockedWords_NormalizedWord",
                table: "BlockedWords",
                column: "NormalizedWord",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HeldMessages_AuthorId_ClientMessageId",
                table: "HeldMessages",
                columns: new[] { "AuthorId", "ClientMessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HeldMessages_RoomId",
                table: "HeldMessages",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_OneOpenPerMessage",
                table: "Reports",
                columns: new[] { "ReporterId", "MessageId" },
                unique: true,
                filter: "\"State\" = 0 AND \"MessageId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_OneOpenPerPerson",
                table: "Reports",
                columns: new[] { "ReporterId", "TargetUserId" },
                unique: true,
                filter: "\"State\" = 0 AND \"MessageId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_RoomId_State",
                table: "Reports",
                columns: new[] { "RoomId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_State_CreatedAt",
                table: "Reports",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_TargetUserId",
                table: "Reports",
                column: "TargetUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_AuditEntries_Rooms_RoomId",
                table: "AuditEntries",
                column: "RoomId",
                principalTable: "Rooms",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AuditEntries_Rooms_RoomId",
                table: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BlockedWords");

            migrationBuilder.DropTable(
                name: "HeldMessages");

            migrationBuilder.DropTable(
                name: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_RoomId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "BannedUntil",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "ModeratorsAllowed",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "SlowModeSeconds",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "MutedUntil",
                table: "RoomMembers");

            migrationBuilder.DropColumn(
                name: "RoomId",
                table: "AuditEntries");
        }
    }
}
