using System.Diagnostics.CodeAnalysis;

namespace Datawiz.Domain.Common;

public enum OutcomeKind
{
    Succeeded,

    /// <summary>The input was refused; <see cref="Outcome.Errors"/> says why, in words a person can act on.</summary>
    Invalid,

    /// <summary>The thing does not exist, or belongs to someone the actor may not see (the two are not told apart).</summary>
    NotFound,

    /// <summary>
    /// The input was fine but the thing changed meanwhile (another person decided or saved first), so
    /// nothing was done; reloading shows what is there now.
    /// </summary>
    Conflict,
}

/// <summary>The result of a command: success, or the reasons it was refused.</summary>
public record Outcome(OutcomeKind Kind, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Kind == OutcomeKind.Succeeded;

    /// <summary>The reasons as one text, for a message or a field's error.</summary>
    public string Message => string.Join(" ", Errors);

    public static Outcome Ok { get; } = new(OutcomeKind.Succeeded, []);

    public static Outcome Invalid(params IEnumerable<string> errors) => new(OutcomeKind.Invalid, errors.ToArray());

    public static Outcome NotFound(string what) => new(OutcomeKind.NotFound, [NotFoundMessage(what)]);

    public static Outcome Conflict(string message) => new(OutcomeKind.Conflict, [message]);

    private protected static string NotFoundMessage(string what) => $"{what} was not found.";
}

/// <summary>
/// A command or read that produces a value when it succeeds. Read the value with
/// <see cref="TryGetValue"/>, which says at once whether there is one.
/// </summary>
public sealed record Outcome<T> : Outcome
{
    private readonly T? value;

    private Outcome(OutcomeKind kind, T? value, IReadOnlyList<string> errors)
        : base(kind, errors)
    {
        this.value = value;
    }

    public static Outcome<T> Success(T value) => new(OutcomeKind.Succeeded, value, []);

    public static new Outcome<T> Invalid(params IEnumerable<string> errors) => new(OutcomeKind.Invalid, default, errors.ToArray());

    public static new Outcome<T> NotFound(string what) => new(OutcomeKind.NotFound, default, [NotFoundMessage(what)]);

    public static new Outcome<T> Conflict(string message) => new(OutcomeKind.Conflict, default, [message]);

    /// <summary>The same refusal, for a command that would have produced a <typeparamref name="T"/>.</summary>
    public static Outcome<T> From(Outcome failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Succeeded)
        {
            throw new ArgumentException("Only a refusal carries over to another kind of outcome; a success needs its value.", nameof(failure));
        }
        return new(failure.Kind, default, failure.Errors);
    }

    /// <summary>The value, when the command succeeded.</summary>
    public bool TryGetValue([NotNullWhen(true)] out T? result)
    {
        result = value;
        return Succeeded && result is not null;
    }
}
