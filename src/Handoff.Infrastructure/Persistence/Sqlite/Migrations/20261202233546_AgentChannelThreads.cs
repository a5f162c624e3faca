using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Handoff.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AgentChannelThreads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChannelConversationId",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AgentThreadId",
                table: "Conversations",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AgentThreadKey",
                table: "Conversations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ServedInThread",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "TeamInstallations",
                columns: table => new
                {
                    TeamId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    BotId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamInstallations", x => x.TeamId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_AgentThreadId",
                table: "Conversations",
                column: "AgentThreadId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TeamInstallations");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_AgentThreadId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ChannelConversationId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "AgentThreadId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "AgentThreadKey",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ServedInThread",
                table: "Conversations");
        }
    }
}
