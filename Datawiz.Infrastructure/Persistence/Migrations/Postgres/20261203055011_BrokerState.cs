using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Postgres
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
                    ClientId = table.Column<string>(type: "text", nullable: false),
                    Owner = table.Column<string>(type: "text", nullable: false),
                    ExpiryInterval = table.Column<long>(type: "bigint", nullable: false),
                    DisconnectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerSessions", x => x.ClientId);
                });

            migrationBuilder.CreateTable(
                name: "BrokerSubscriptions",
                columns: table => new
                {
                    ClientId = table.Column<string>(type: "text", nullable: false),
                    TopicFilter = table.Column<string>(type: "text", nullable: false),
                    QualityOfService = table.Column<int>(type: "integer", nullable: false),
                    NoLocal = table.Column<bool>(type: "boolean", nullable: false),
                    RetainAsPublished = table.Column<bool>(type: "boolean", nullable: false),
                    RetainHandling = table.Column<int>(type: "integer", nullable: false),
                    SubscriptionIdentifier = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerSubscriptions", x => new { x.ClientId, x.TopicFilter });
                });

            migrationBuilder.CreateTable(
                name: "QueuedMqttMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClientId = table.Column<string>(type: "text", nullable: false),
                    Retain = table.Column<bool>(type: "boolean", nullable: false),
                    SubscriptionIdentifiers = table.Column<string>(type: "text", nullable: true),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Topic = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    QualityOfService = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: true),
                    ResponseTopic = table.Column<string>(type: "text", nullable: true),
                    CorrelationData = table.Column<byte[]>(type: "bytea", nullable: true),
                    PayloadFormat = table.Column<int>(type: "integer", nullable: false),
                    MessageExpiryInterval = table.Column<long>(type: "bigint", nullable: false),
                    UserProperties = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueuedMqttMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetainedMqttMessages",
                columns: table => new
                {
                    Topic = table.Column<string>(type: "text", nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    QualityOfService = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: true),
                    ResponseTopic = table.Column<string>(type: "text", nullable: true),
                    CorrelationData = table.Column<byte[]>(type: "bytea", nullable: true),
                    PayloadFormat = table.Column<int>(type: "integer", nullable: false),
                    MessageExpiryInterval = table.Column<long>(type: "bigint", nullable: false),
                    UserProperties = table.Column<string>(type: "text", nullable: true)
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
