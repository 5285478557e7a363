using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure;

/// <summary>
/// Settings classes bound to their configuration section and checked when the host starts, so that
/// nonsense (a negative lockout, a zero rate limit, an address that is no address) stops start-up with
/// a line naming the setting, instead of misbehaving later.
/// </summary>
public static class ValidatedSettings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it on start by its data
    /// annotations (messages name the setting, e.g. <c>Accounts:LockoutMinutes</c>) and, when it is an
    /// <see cref="IValidatableObject"/>, by its own rules.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        var settings = configuration.GetSection(section);
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(section));
        return services.AddOptions<T>()
            .Configure(options => BindOrExplain(settings, options))
            .ValidateOnStart();
    }

    /// <summary>What stopped start-up, in words an operator can act on; null when it is not a configuration problem.</summary>
    public static string? DescribeStartupProblem(Exception exception) => exception switch
    {
        DatawizConfigurationException configuration => configuration.Message,
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            string.Join(" ", aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        _ => null,
    };

    // A value the binder cannot convert ("abc" for a number) becomes a validation failure like any other.
    private static void BindOrExplain<T>(IConfigurationSection settings, T options) where T : class
    {
        try
        {
            settings.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(settings.Path, typeof(T), [ex.Message]);
        }
    }

    private sealed class SettingsValidator<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = new List<ValidationResult>();
            foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = $"{section}:{property.Name}" };
                Validator.TryValidateProperty(property.GetValue(options), context, failures);
            }
            if (failures.Count == 0 && options is IValidatableObject validatable)
            {
                failures.AddRange(validatable.Validate(new ValidationContext(options)));
            }
            return failures.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(failures.Select(failure => failure.ErrorMessage ?? $"{section} is not valid."));
        }
    }
}
