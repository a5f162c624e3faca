using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Handoff.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AgentWebChatKeysAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AgentWebChatKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AgentName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentWebChatKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AgentWebChatSessions",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Generation = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentWebChatSessions", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgentWebChatKeys_KeyHash",
                table: "AgentWebChatKeys",
                column: "KeyHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgentWebChatKeys");

            migrationBuilder.DropTable(
                name: "AgentWebChatSessions");
        }
    }
}
