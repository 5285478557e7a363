using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Datawiz.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PortalPolish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SensorTypes_Name",
                table: "SensorTypes");

            migrationBuilder.DropIndex(
                name: "IX_Groups_Name",
                table: "Groups");

            migrationBuilder.DropIndex(
                name: "IX_Groups_OwnerId",
                table: "Groups");

            migrationBuilder.DropIndex(
                name: "IX_ApplicationTemplates_Name_Version",
                table: "ApplicationTemplates");

            migrationBuilder.CreateIndex(
                name: "IX_SensorTypes_Name_Catalogue",
                table: "SensorTypes",
                column: "Name",
                unique: true,
                filter: "\"Status\" IN ('Approved', 'Deprecated')");

            migrationBuilder.CreateIndex(
                name: "IX_Groups_OwnerId_Name",
                table: "Groups",
                columns: new[] { "OwnerId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationTemplates_Name_Version_Catalogue",
                table: "ApplicationTemplates",
                columns: new[] { "Name", "Version" },
                unique: true,
                filter: "\"Status\" IN ('Approved', 'Deprecated')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SensorTypes_Name_Catalogue",
                table: "SensorTypes");

            migrationBuilder.DropIndex(
                name: "IX_Groups_OwnerId_Name",
                table: "Groups");

            migrationBuilder.DropIndex(
                name: "IX_ApplicationTemplates_Name_Version_Catalogue",
                table: "ApplicationTemplates");

            migrationBuilder.CreateIndex(
                name: "IX_SensorTypes_Name",
                table: "SensorTypes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Groups_Name",
                table: "Groups",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Groups_OwnerId",
                table: "Groups",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationTemplates_Name_Version",
                table: "ApplicationTemplates",
                columns: new[] { "Name", "Version" },
                unique: true);
        }
    }
}
