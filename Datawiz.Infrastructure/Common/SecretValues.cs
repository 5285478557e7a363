using System.Security.Cryptography;
using Datawiz.Domain.Variables;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Common;

/// <summary>
/// Values of secret variables, for every feature that stores variable values: they are encrypted at rest
/// and never sent to a form, so an empty secret in an edit means "keep what is stored".
/// </summary>
public sealed class SecretValues(SecretProtector protector, ILogger<SecretValues> logger)
{
    /// <summary>The values as typed, with each secret left empty replaced by the stored one, ready for validation.</summary>
    public Dictionary<string, string?> WithStoredSecrets(
        IReadOnlyList<TemplateVariable> variables, IReadOnlyDictionary<string, string?> given, IReadOnlyList<VariableValue> stored)
    {
        var values = new Dictionary<string, string?>(given, StringComparer.Ordinal);
        foreach (var secret in variables.Where(v => v.Type == VariableType.Secret && string.IsNullOrWhiteSpace(given.GetValueOrDefault(v.Key))))
        {
            if (stored.FirstOrDefault(v => v.Key == secret.Key) is { Value.Length: > 0 } kept && TryUnprotect(kept.Value) is { } plain)
            {
                values[secret.Key] = plain;
            }
        }
        return values;
    }

    /// <summary>Validated values as they are stored: secrets encrypted, everything else as it is. A new list,
    /// so that EF Core sees an owned JSON collection as changed.</summary>
    public List<VariableValue> Protect(IReadOnlyList<TemplateVariable> variables, IEnumerable<VariableValue> values) =>
        values.Select(v => new VariableValue
        {
            Key = v.Key,
            Value = variables.Any(t => t.Key == v.Key && t.Type == VariableType.Secret) ? protector.Protect(v.Value) : v.Value,
        }).ToList();

    private string? TryUnprotect(string value)
    {
        try
        {
            return protector.Unprotect(value);
        }
        catch (CryptographicException ex)
        {
            // Only if the key ring was lost: the secret then counts as missing and a required one must be typed again.
            logger.LogWarning(ex, "A stored secret value could not be decrypted; it is treated as missing");
            return null;
        }
    }
}
