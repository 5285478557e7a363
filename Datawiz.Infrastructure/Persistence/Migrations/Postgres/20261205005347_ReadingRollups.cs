using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReadingRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReadingRollups",
                columns: table => new
                {
                    SensorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Field = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Sum = table.Column<double>(type: "double precision", nullable: false),
                    Minimum = table.Column<double>(type: "double precision", nullable: false),
                    Maximum = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReadingRollups", x => new { x.SensorId, x.Field, x.Start });
                });

            // The readings stored before rollups existed, summarised as ingestion would have.
            migrationBuilder.Sql(
                """
                INSERT INTO "ReadingRollups" ("SensorId", "Field", "Start", "Count", "Sum", "Minimum", "Maximum")
                SELECT "SensorId", "Field", date_bin('15 minutes', "Timestamp", TIMESTAMPTZ '1970-01-01 00:00:00+00'),
                       count(*), sum("Value"), min("Value"), max("Value")
                FROM "Readings"
                GROUP BY 1, 2, 3
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReadingRollups");
        }
    }
}
