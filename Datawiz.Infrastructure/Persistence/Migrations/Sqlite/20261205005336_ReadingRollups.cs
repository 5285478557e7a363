using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Sqlite
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
                    SensorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum = table.Column<double>(type: "REAL", nullable: false),
                    Minimum = table.Column<double>(type: "REAL", nullable: false),
                    Maximum = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReadingRollups", x => new { x.SensorId, x.Field, x.Start });
                });

            // The readings stored before rollups existed, summarised as ingestion would have. Times are stored as
            // EF Core's binary DateTimeOffset: (ticks / 1000) << 11 with the offset (0, UTC) in the low bits, so a
            // quarter hour is 9,000,000 << 11 = 18,432,000,000 and its start is found by integer division.
            migrationBuilder.Sql(
                """
                INSERT INTO "ReadingRollups" ("SensorId", "Field", "Start", "Count", "Sum", "Minimum", "Maximum")
                SELECT "SensorId", "Field", ("Timestamp" / 18432000000) * 18432000000, count(*), sum("Value"), min("Value"), max("Value")
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
