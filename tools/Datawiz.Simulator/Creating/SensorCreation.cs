using System.Data.Common;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Sensors;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Simulator.Creating;

/// <param name="TypeName">The approved sensor type to use; null picks the only one, or the first whose hardware mentions a DHT11.</param>
public sealed record CreationRequest(string Email, int Count, string? TypeName, string NamePrefix);

/// <summary>The sensors created, and why the rest were not; created sensors are kept even when a later one fails, so their passwords must still be written out.</summary>
public sealed record CreationResult(IReadOnlyList<IssuedCredentials> Created, string? Error)
{
    public static CreationResult Refused(Outcome refusal) => new([], refusal.Message);

    public static CreationResult Refused(string message) => new([], message);
}

/// <summary>
/// Creates sensors for an existing account through the portal's own <see cref="SensorService"/>, so they get
/// real credentials, respect the account's quota and appear in the audit log exactly as if made in the portal.
/// </summary>
public sealed class SensorCreation(IServiceProvider services)
{
    public async Task<CreationResult> CreateAsync(CreationRequest request, CancellationToken cancellationToken)
    {
        Actor actor;
        SensorTypeChoice type;
        SensorService sensors;
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            ApplicationUser? user;
            try
            {
                user = await users.FindByEmailAsync(request.Email);
            }
            catch (DbException ex)
            {
                return CreationResult.Refused(
                    $"Cannot read the portal's database ({ex.Message.Trim()}). Check Database__Provider and ConnectionStrings__Datawiz, " +
                    "or --content-root, and start the portal once so that it creates its tables.");
            }
            if (user is null)
            {
                return CreationResult.Refused($"There is no account with the email {request.Email}; register it in the portal first.");
            }
            if (user.Status != UserStatus.Active)
            {
                return CreationResult.Refused($"The account {request.Email} is {user.Status}; an administrator must approve it first.");
            }
            actor = new Actor(user.Id, user.Email ?? request.Email, await users.IsInRoleAsync(user, Roles.Admin));
            sensors = scope.ServiceProvider.GetRequiredService<SensorService>();
            var options = await sensors.FormOptionsAsync(actor, cancellationToken);
            var chosen = ChooseType(options.Types, request.TypeName);
            if (!chosen.TryGetValue(out var found))
            {
                return CreationResult.Refused(chosen);
            }
            type = found;
        }

        var missing = type.Variables.Where(v => v.Required && string.IsNullOrEmpty(v.DefaultValue)).Select(v => v.Key).ToList();
        if (missing.Count > 0)
        {
            return CreationResult.Refused(
                $"The type '{type.Name}' has required variables without a default ({string.Join(", ", missing)}); give them defaults in the portal or pick another type with --type.");
        }
        var issued = new List<IssuedCredentials>();
        var width = request.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (var i = 1; i <= request.Count; i++)
        {
            var input = new SensorInput
            {
                Name = $"{request.NamePrefix}{i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')}",
                Description = "Simulated by tools/Datawiz.Simulator",
                SensorTypeId = type.Id,
                Tags = "simulated",
                Values = type.Variables.ToDictionary(v => v.Key, v => v.DefaultValue, StringComparer.Ordinal),
            };
            var created = await sensors.CreateAsync(actor, input, cancellationToken);
            if (!created.TryGetValue(out var credentials))
            {
                return new CreationResult(issued, $"Sensor '{input.Name}': {created.Message}");
            }
            issued.Add(credentials);
        }
        return new CreationResult(issued, null);
    }

    private static Outcome<SensorTypeChoice> ChooseType(IReadOnlyList<SensorTypeChoice> types, string? name)
    {
        if (types.Count == 0)
        {
            return Outcome<SensorTypeChoice>.Invalid(
                "No approved sensor type is available. Create one in the portal (Sensor types → New, fields temperature and humidity) and approve it as an administrator.");
        }
        if (name is not null)
        {
            var named = types.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            return named is null
                ? Outcome<SensorTypeChoice>.Invalid($"No approved sensor type is named '{name}'. Approved types: {string.Join(", ", types.Select(t => t.Name))}.")
                : Outcome<SensorTypeChoice>.Success(named);
        }
        var dht = types.FirstOrDefault(t => t.Hardware.Contains("DHT11", StringComparison.OrdinalIgnoreCase) || t.Name.Contains("DHT11", StringComparison.OrdinalIgnoreCase));
        if (dht is not null)
        {
            return Outcome<SensorTypeChoice>.Success(dht);
        }
        return types.Count == 1
            ? Outcome<SensorTypeChoice>.Success(types[0])
            : Outcome<SensorTypeChoice>.Invalid($"Several sensor types are approved; choose one with --type: {string.Join(", ", types.Select(t => t.Name))}.");
    }
}
