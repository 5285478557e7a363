using System.Globalization;

namespace Datawiz.Benchmark.Reporting;

/// <param name="Pass">Null when the figure has no target.</param>
public sealed record Figure(string Scenario, string What, string Value, string Target, bool? Pass);

/// <summary>The figures of a run, printed as they come and as one table at the end.</summary>
public sealed class Report
{
    private readonly List<Figure> figures = [];
    private readonly List<string> failures = [];

    public IReadOnlyList<string> Failures => failures;

    public void Add(string scenario, string what, double value, string unit, string target = "", bool? pass = null)
    {
        var figure = new Figure(scenario, what, Format(value) + (unit.Length > 0 ? " " + unit : ""), target, pass);
        figures.Add(figure);
        Console.WriteLine($"  {figure.What}: {figure.Value}{(target.Length > 0 ? $"  (target {target}: {Verdict(pass)})" : "")}");
    }

    public void Fail(string scenario, string reason)
    {
        failures.Add($"{scenario}: {reason}");
        Console.WriteLine($"  FAILED: {reason}");
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| scenario | figure | value | target | result |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var f in figures)
        {
            output.WriteLine($"| {f.Scenario} | {f.What} | {f.Value} | {f.Target} | {(f.Target.Length > 0 ? Verdict(f.Pass) : "")} |");
        }
        foreach (var failure in failures)
        {
            output.WriteLine($"| {failure.Split(':')[0]} | not measured | {failure[(failure.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()} | | MISS |");
        }
    }

    private static string Verdict(bool? pass) => pass switch { true => "PASS", false => "MISS", null => "" };

    private static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("0.00", CultureInfo.InvariantCulture)
        : value.ToString("0.000", CultureInfo.InvariantCulture);
}
