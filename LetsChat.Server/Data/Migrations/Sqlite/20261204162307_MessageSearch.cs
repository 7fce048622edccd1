using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LetsChat.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search of messages: an FTS5 table over Messages.Body (external content: the text is stored once, in
    /// Messages) kept in step by triggers, so an edit or a deletion changes the index in the same transaction. The
    /// tokenizer folds case and keeps diacritics and every word, as PostgreSQL's 'simple' configuration does. A later
    /// migration that rebuilds the Messages table must create these triggers again (SearchIndexTests would fail).
    /// </summary>
    public partial class MessageSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Body", content='Messages', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                CREATE TRIGGER "Messages_SearchInsert" AFTER INSERT ON "Messages" BEGIN
                    INSERT INTO "MessageSearch"(rowid, "Body") VALUES (new."Id", new."Body");
                END;
                CREATE TRIGGER "Messages_SearchDelete" AFTER DELETE ON "Messages" BEGIN
                    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Body") VALUES ('delete', old."Id", old."Body");
                END;
                CREATE TRIGGER "Messages_SearchUpdate" AFTER UPDATE OF "Body" ON "Messages" BEGIN
                    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Body") VALUES ('delete', old."Id", old."Body");
                    INSERT INTO "MessageSearch"(rowid, "Body") VALUES (new."Id", new."Body");
                END;
                INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Messages_SearchUpdate";
                DROP TRIGGER "Messages_SearchDelete";
                DROP TRIGGER "Messages_SearchInsert";
                DROP TABLE "MessageSearch";
                """);
        }
    }
}
