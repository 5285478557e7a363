namespace Datawiz.Infrastructure;

/// <summary>
/// Configuration that cannot work. Program.cs prints its message alone and exits, because a stack trace
/// hides the one line an operator needs to read.
/// </summary>
public sealed class DatawizConfigurationException(string message) : Exception(message);
