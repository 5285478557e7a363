using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UserClassConnectionLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxConnectedSensors",
                table: "UserClasses",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Existing classes allow as many sensors connected at once as they allow sensors, the seeded default.
            migrationBuilder.Sql("UPDATE \"UserClasses\" SET \"MaxConnectedSensors\" = GREATEST(\"MaxSensors\", 1);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxConnectedSensors",
                table: "UserClasses");
        }
    }
}
