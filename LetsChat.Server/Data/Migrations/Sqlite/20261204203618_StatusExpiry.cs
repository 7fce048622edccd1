using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LetsChat.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatusExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Users_CustomStatusUntil",
                table: "Users",
                column: "CustomStatusUntil");

            migrationBuilder.CreateIndex(
                name: "IX_Users_StatusUntil",
                table: "Users",
                column: "StatusUntil");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_CustomStatusUntil",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_StatusUntil",
                table: "Users");
        }
    }
}
