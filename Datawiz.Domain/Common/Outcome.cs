namespace Datawiz.Domain.Common;

public enum OutcomeKind
{
    Succeeded,

    /// <summary>The input was refused; <see cref="Outcome.Errors"/> says why, in words a person can act on.</summary>
    Invalid,

    /// <summary>The thing does not exist, or belongs to someone the actor may not see (the two are not told apart).</summary>
    NotFound,
}

/// <summary>The result of a command: success, or the reasons it was refused.</summary>
public record Outcome(OutcomeKind Kind, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Kind == OutcomeKind.Succeeded;

    public static Outcome Ok { get; } = new(OutcomeKind.Succeeded, []);

    public static Outcome Invalid(params IEnumerable<string> errors) => new(OutcomeKind.Invalid, errors.ToArray());

    public static Outcome NotFound(string what) => new(OutcomeKind.NotFound, [$"{what} was not found."]);
}

/// <summary>A command that produces a value when it succeeds.</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IReadOnlyList<string> Errors) : Outcome(Kind, Errors)
{
    public static Outcome<T> Success(T value) => new(OutcomeKind.Succeeded, value, []);

    public static new Outcome<T> Invalid(params IEnumerable<string> errors) => new(OutcomeKind.Invalid, default, errors.ToArray());

    public static new Outcome<T> NotFound(string what) => new(OutcomeKind.NotFound, default, [$"{what} was not found."]);

    public static Outcome<T> From(Outcome failure) => new(failure.Kind, default, failure.Errors);
}
