using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LetsChat.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// Full-text search of messages (a generated tsvector with a GIN index) and trigram search of people's and rooms'
    /// names. Written as SQL because the model is shared with SQLite: EF does not map these columns, and
    /// Search/PostgresSearchIndex is the one place that reads them. The 'simple' configuration folds case and keeps
    /// every word unstemmed, as SQLite's unicode61 tokenizer does, so both databases find the same messages.
    /// </summary>
    public partial class MessageSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "Messages" ADD COLUMN "SearchVector" tsvector
                    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "Body")) STORED;
                CREATE INDEX "IX_Messages_SearchVector" ON "Messages" USING GIN ("SearchVector");
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX "IX_Users_SearchName_Trigram" ON "Users" USING GIN ("SearchName" gin_trgm_ops);
                CREATE INDEX "IX_Users_NormalizedHandle_Trigram" ON "Users" USING GIN ("NormalizedHandle" gin_trgm_ops);
                CREATE INDEX "IX_Rooms_Name_Trigram" ON "Rooms" USING GIN (upper("Name") gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX "IX_Rooms_Name_Trigram";
                DROP INDEX "IX_Users_NormalizedHandle_Trigram";
                DROP INDEX "IX_Users_SearchName_Trigram";
                DROP INDEX "IX_Messages_SearchVector";
                ALTER TABLE "Messages" DROP COLUMN "SearchVector";
                """);
        }
    }
}
