using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Notifications;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// Puts sensor types, application templates, notifications and audit entries straight into the database,
/// for tests of reviews, notifications and the audit log that do not go through the submitting pages.
/// </summary>
public static class ReviewTestData
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static async Task<SensorType> AddSensorTypeAsync(
        this DatawizApp app, Guid? submitterId, string? name = null, ReviewStatus status = ReviewStatus.Submitted, DateTimeOffset? createdAt = null)
    {
        var type = new SensorType
        {
            Id = Guid.NewGuid(),
            Name = name ?? UniqueName("type"),
            Hardware = "ESP8266 + DHT11",
            Description = "Measures <b>temperature</b> and humidity.",
            Fields = [new MeasuredField { Key = "temperature", Label = "Temperature", Unit = "°C" }],
            Variables = [new TemplateVariable { Key = "WIFI_SSID", Label = "Wi-Fi name", Type = VariableType.String, Required = true }],
            CodeTemplates = [new CodeTemplate { FileName = "main.ino", Language = "cpp", Content = "#include <DHT.h>\nconst char* ssid = \"{{WIFI_SSID}}\";" }],
            Review = { Status = status, SubmittedById = submitterId },
            CreatedAt = createdAt ?? app.Clock.GetUtcNow(),
        };
        await using var db = await app.DbAsync();
        db.SensorTypes.Add(type);
        await db.SaveChangesAsync();
        return type;
    }

    public static async Task<ApplicationTemplate> AddApplicationTemplateAsync(
        this DatawizApp app, Guid? submitterId, string? name = null, ReviewStatus status = ReviewStatus.Submitted, DateTimeOffset? createdAt = null)
    {
        var template = new ApplicationTemplate
        {
            Id = Guid.NewGuid(),
            Name = name ?? UniqueName("template"),
            Category = ApplicationCategory.Flow,
            Description = "Node-RED for flows.",
            Version = "3.1",
            ManifestTemplate = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{NAME}}",
            Variables = [new TemplateVariable { Key = "NAME", Label = "Name", Type = VariableType.String, Required = true }],
            CpuMillicores = 250,
            MemoryMiB = 256,
            Review = { Status = status, SubmittedById = submitterId },
            CreatedAt = createdAt ?? app.Clock.GetUtcNow(),
        };
        await using var db = await app.DbAsync();
        db.ApplicationTemplates.Add(template);
        await db.SaveChangesAsync();
        return template;
    }

    public static async Task<Notification> AddNotificationAsync(this DatawizApp app, Guid userId, string message, DateTimeOffset createdAt, string? link = null)
    {
        var notification = new Notification { Id = Guid.NewGuid(), UserId = userId, Message = message, Link = link, CreatedAt = createdAt };
        await using var db = await app.DbAsync();
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification;
    }

    public static async Task AddAuditEntryAsync(
        this DatawizApp app, DateTimeOffset at, string actorName, AuditAction action, string entityType, string entityId, string summary)
    {
        await using var db = await app.DbAsync();
        db.AuditEntries.Add(new AuditEntry
        {
            At = at, ActorName = actorName, Action = action, EntityType = entityType, EntityId = entityId, Summary = summary,
        });
        await db.SaveChangesAsync();
    }
}
