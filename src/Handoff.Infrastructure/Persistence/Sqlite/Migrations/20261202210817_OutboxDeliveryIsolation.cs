using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Handoff.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutboxDeliveryIsolation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActivityId",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            // Rows written before this migration get their stable id now, so their resends carry one too.
            migrationBuilder.Sql("UPDATE \"OutboxMessages\" SET \"ActivityId\" = lower(hex(randomblob(16))) WHERE \"ActivityId\" IS NULL;");

            migrationBuilder.AddColumn<string>(
                name: "DeliveryId",
                table: "DirectLineActivities",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Due",
                table: "OutboxMessages",
                columns: new[] { "NextAttemptAt", "Id" },
                filter: "\"DeliveredAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_PendingByConversation",
                table: "OutboxMessages",
                columns: new[] { "OrderingKey", "Id" },
                filter: "\"DeliveredAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DirectLineActivities_ConversationId_DeliveryId",
                table: "DirectLineActivities",
                columns: new[] { "ConversationId", "DeliveryId" },
                unique: true,
                filter: "\"DeliveryId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Due",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_PendingByConversation",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_DirectLineActivities_ConversationId_DeliveryId",
                table: "DirectLineActivities");

            migrationBuilder.DropColumn(
                name: "ActivityId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "DeliveryId",
                table: "DirectLineActivities");
        }
    }
}
