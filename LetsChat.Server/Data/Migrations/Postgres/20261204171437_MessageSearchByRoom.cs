using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LetsChat.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// The messages' full-text index keyed by room and text (btree_gin), in place of the text alone: a search names the
    /// rooms its reader may read, so the index hands back only their matching messages. With the text alone, a common
    /// word's every match in every room had to be read from the table to learn its room (docs/performance-design.md).
    /// The index still serves a search by text alone.
    /// </summary>
    public partial class MessageSearchByRoom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS btree_gin;
                CREATE INDEX "IX_Messages_RoomId_SearchVector" ON "Messages" USING GIN ("RoomId", "SearchVector");
                DROP INDEX "IX_Messages_SearchVector";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Messages_SearchVector" ON "Messages" USING GIN ("SearchVector");
                DROP INDEX "IX_Messages_RoomId_SearchVector";
                """);
        }
    }
}
