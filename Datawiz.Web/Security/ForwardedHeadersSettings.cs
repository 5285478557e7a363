using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Datawiz.Web.Security;

/// <summary>
/// The <c>ForwardedHeaders</c> configuration section: the reverse proxies (an ingress, nginx) whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the portal believes, so that rate limits see the
/// client's address and cookies are Secure behind TLS termination. Nobody is trusted by default: anyone
/// else could claim any address.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted proxies, e.g. <c>10.0.0.0/8</c> for an ingress whose address changes.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies in a row a request passes (each must be trusted); 1 for a single reverse proxy.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _))
            .Select(proxy => new ValidationResult($"{Section}:KnownProxies has '{proxy}', which is not an IP address such as 10.0.0.5."))
            .Concat(KnownNetworks.Where(network => !System.Net.IPNetwork.TryParse(network, out _))
                .Select(network => new ValidationResult($"{Section}:KnownNetworks has '{network}', which is not a network such as 10.0.0.0/8.")));

    /// <summary>
    /// Whether any proxy is trusted. With none, the middleware must not run at all: it checks the sender
    /// only while its lists are not empty, and would otherwise believe everyone.
    /// </summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>Trusts exactly the configured proxies (none of the framework's loopback defaults).</summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
