using Datawiz.Domain.Common;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Reading outcomes in tests: a refusal fails the test with its own words.</summary>
public static class OutcomeAssertions
{
    /// <summary>The value of an outcome that must have succeeded.</summary>
    public static T Expect<T>(this Outcome<T> outcome)
    {
        Assert.True(outcome.TryGetValue(out var value), $"Expected success but got {outcome.Kind}: {outcome.Message}");
        return value;
    }
}
