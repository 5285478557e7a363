using Datawiz.Domain.Common;

namespace Datawiz.Web.Tests.Domain;

public sealed class OutcomeTests
{
    [Fact]
    public void A_success_gives_its_value()
    {
        var outcome = Outcome<string>.Success("sensor");

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.TryGetValue(out var value));
        Assert.Equal("sensor", value);
        Assert.Empty(outcome.Errors);
    }

    [Fact]
    public void A_refusal_gives_no_value_and_says_why()
    {
        var outcome = Outcome<string>.Invalid("Choose a name.", "Choose a type.");

        Assert.False(outcome.TryGetValue(out var value));
        Assert.Null(value);
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(["Choose a name.", "Choose a type."], outcome.Errors);
    }

    [Fact]
    public void A_conflict_is_neither_a_success_nor_bad_input()
    {
        var plain = Outcome.Conflict("Another administrator decided first.");
        var typed = Outcome<Guid>.Conflict("Another administrator decided first.");

        Assert.Equal(OutcomeKind.Conflict, plain.Kind);
        Assert.False(plain.Succeeded);
        Assert.Equal(["Another administrator decided first."], plain.Errors);
        Assert.Equal(OutcomeKind.Conflict, typed.Kind);
        Assert.False(typed.TryGetValue(out _));
    }

    [Fact]
    public void A_refusal_carries_over_to_another_kind_of_outcome_unchanged()
    {
        var notFound = Outcome.NotFound("The sensor");

        var carried = Outcome<int>.From(notFound);

        Assert.Equal(OutcomeKind.NotFound, carried.Kind);
        Assert.Equal(["The sensor was not found."], carried.Errors);
        Assert.False(carried.TryGetValue(out _));
    }

    [Fact]
    public void A_success_cannot_carry_over_without_its_value() =>
        Assert.Throws<ArgumentException>(() => Outcome<int>.From(Outcome.Ok));
}
