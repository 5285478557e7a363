using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BrokerState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BrokerSessions",
                columns: table => new
                {
                    ClientId = table.Column<string>(type: "TEXT", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiryInterval = table.Column<long>(type: "INTEGER", nullable: false),
                    DisconnectedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerSessions", x => x.ClientId);
                });

            migrationBuilder.CreateTable(
                name: "BrokerSubscriptions",
                columns: table => new
                {
                    ClientId = table.Column<string>(type: "TEXT", nullable: false),
                    TopicFilter = table.Column<string>(type: "TEXT", nullable: false),
                    QualityOfService = table.Column<int>(type: "INTEGER", nullable: false),
                    NoLocal = table.Column<bool>(type: "INTEGER", nullable: false),
                    RetainAsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    RetainHandling = table.Column<int>(type: "INTEGER", nullable: false),
                    SubscriptionIdentifier = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerSubscriptions", x => new { x.ClientId, x.TopicFilter });
                });

            migrationBuilder.CreateTable(
                name: "QueuedMqttMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientId = table.Column<string>(type: "TEXT", nullable: false),
                    Retain = table.Column<bool>(type: "INTEGER", nullable: false),
                    SubscriptionIdentifiers = table.Column<string>(type: "TEXT", nullable: true),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", nullable: false),
                    Payload = table.Column<byte[]>(type: "BLOB", nullable: false),
                    QualityOfService = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", nullable: true),
                    ResponseTopic = table.Column<string>(type: "TEXT", nullable: true),
                    CorrelationData = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PayloadFormat = table.Column<int>(type: "INTEGER", nullable: false),
                    MessageExpiryInterval = table.Column<long>(type: "INTEGER", nullable: false),
                    UserProperties = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueuedMqttMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetainedMqttMessages",
                columns: table => new
                {
                    Topic = table.Column<string>(type: "TEXT", nullable: false),
                    StoredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Payload = table.Column<byte[]>(type: "BLOB", nullable: false),
                    QualityOfService = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", nullable: true),
                    ResponseTopic = table.Column<string>(type: "TEXT", nullable: true),
                    CorrelationData = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PayloadFormat = table.Column<int>(type: "INTEGER", nullable: false),
                    MessageExpiryInterval = table.Column<long>(type: "INTEGER", nullable: false),
                    UserProperties = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetainedMqttMessages", x => x.Topic);
                });

            migrationBuilder.CreateIndex(
                name: "IX_QueuedMqttMessages_ClientId_Id",
                table: "QueuedMqttMessages",
                columns: new[] { "ClientId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrokerSessions");

            migrationBuilder.DropTable(
                name: "BrokerSubscriptions");

            migrationBuilder.DropTable(
                name: "QueuedMqttMessages");

            migrationBuilder.DropTable(
                name: "RetainedMqttMessages");
        }
    }
}
