namespace Datawiz.Simulator.Credentials;

/// <summary>What the simulator needs to act as one sensor: its name (for messages), credentials and topic.</summary>
public sealed record SimulatedSensor(string Name, string Username, string Password, string Topic);
