using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EditConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "SensorTypes",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "ApplicationTemplates",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "SensorTypes");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "ApplicationTemplates");
        }
    }
}
