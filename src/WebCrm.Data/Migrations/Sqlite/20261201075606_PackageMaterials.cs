using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebCrm.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PackageMaterials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InfoPackages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InfoPackages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Material",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SubjectRu = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    BodyRu = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    SubjectEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    BodyEn = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Material", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PackageLetter",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactPersonId = table.Column<int>(type: "INTEGER", nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ToAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    PackageId = table.Column<int>(type: "INTEGER", nullable: true),
                    PackageName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    OutboxMessageId = table.Column<int>(type: "INTEGER", nullable: false),
                    SentById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackageLetter", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackageLetter_AspNetUsers_SentById",
                        column: x => x.SentById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PackageLetter_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PackageLetter_ContactPersons_ContactPersonId",
                        column: x => x.ContactPersonId,
                        principalTable: "ContactPersons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PackageLetter_InfoPackages_PackageId",
                        column: x => x.PackageId,
                        principalTable: "InfoPackages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PackageLetter_OutboxMessages_OutboxMessageId",
                        column: x => x.OutboxMessageId,
                        principalTable: "OutboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InfoPackageItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PackageId = table.Column<int>(type: "INTEGER", nullable: false),
                    MaterialId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InfoPackageItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InfoPackageItems_InfoPackages_PackageId",
                        column: x => x.PackageId,
                        principalTable: "InfoPackages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_InfoPackageItems_Material_MaterialId",
                        column: x => x.MaterialId,
                        principalTable: "Material",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MaterialFile",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MaterialId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredFileId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MaterialFile", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MaterialFile_Material_MaterialId",
                        column: x => x.MaterialId,
                        principalTable: "Material",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MaterialFile_StoredFiles_StoredFileId",
                        column: x => x.StoredFileId,
                        principalTable: "StoredFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InfoPackageItems_MaterialId",
                table: "InfoPackageItems",
                column: "MaterialId");

            migrationBuilder.CreateIndex(
                name: "IX_InfoPackageItems_PackageId_SortOrder",
                table: "InfoPackageItems",
                columns: new[] { "PackageId", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_InfoPackages_Name",
                table: "InfoPackages",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Material_Title",
                table: "Material",
                column: "Title");

            migrationBuilder.CreateIndex(
                name: "IX_MaterialFile_MaterialId_SortOrder",
                table: "MaterialFile",
                columns: new[] { "MaterialId", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_MaterialFile_StoredFileId",
                table: "MaterialFile",
                column: "StoredFileId");

            migrationBuilder.CreateIndex(
                name: "IX_PackageLetter_CompanyId_SentAtUtc",
                table: "PackageLetter",
                columns: new[] { "CompanyId", "SentAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PackageLetter_ContactPersonId",
                table: "PackageLetter",
                column: "ContactPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PackageLetter_OutboxMessageId",
                table: "PackageLetter",
                column: "OutboxMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_PackageLetter_PackageId",
                table: "PackageLetter",
                column: "PackageId");

            migrationBuilder.CreateIndex(
                name: "IX_PackageLetter_SentById",
                table: "PackageLetter",
                column: "SentById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InfoPackageItems");

            migrationBuilder.DropTable(
                name: "MaterialFile");

            migrationBuilder.DropTable(
                name: "PackageLetter");

            migrationBuilder.DropTable(
                name: "Material");

            migrationBuilder.DropTable(
                name: "InfoPackages");
        }
    }
}
