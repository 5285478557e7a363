using System.Diagnostics.CodeAnalysis;

// The placeholder TelemetryIngestion keeps instance members because they are the contract the broker codes
// against; the real one uses instance state. Delete this file when ingestion lands (main did not build with
// warnings as errors without it).
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "type", Target = "~T:Datawiz.Infrastructure.Telemetry.TelemetryIngestion")]
