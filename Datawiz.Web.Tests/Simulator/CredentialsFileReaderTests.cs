using Datawiz.Infrastructure.Sensors;
using Datawiz.Simulator.Credentials;

namespace Datawiz.Web.Tests.Simulator;

public sealed class CredentialsFileReaderTests
{
    [Fact]
    public void Reads_the_file_the_portal_downloads()
    {
        var file = CredentialsCsv.Format(
        [
            new IssuedCredentials(Guid.NewGuid(), "Kitchen, north wall", "s-aaaaaaaaaaaa", "pw-1", "users/1/sensors/s-aaaaaaaaaaaa"),
            new IssuedCredentials(Guid.NewGuid(), "=Garage", "s-bbbbbbbbbbbb", "pw-2", "users/1/sensors/s-bbbbbbbbbbbb"),
        ]);

        var sensors = Read(file);

        Assert.Equal(
        [
            new SimulatedSensor("Kitchen, north wall", "s-aaaaaaaaaaaa", "pw-1", "users/1/sensors/s-aaaaaaaaaaaa"),
            new SimulatedSensor("'=Garage", "s-bbbbbbbbbbbb", "pw-2", "users/1/sensors/s-bbbbbbbbbbbb"),
        ], sensors);
    }

    [Fact]
    public void Columns_may_come_in_any_order_with_extra_ones_and_a_missing_name()
    {
        var sensors = Read("topic,note,password,username\nt/1,first,pw-1,s-1\r\n\n");

        Assert.Equal([new SimulatedSensor("s-1", "s-1", "pw-1", "t/1")], sensors);
    }

    [Fact]
    public void A_file_without_the_topic_column_says_how_to_get_one()
    {
        var errors = Refusal("name,username,password\nKitchen,s-1,pw-1\n");

        var error = Assert.Single(errors);
        Assert.Contains("topic", error);
        Assert.Contains("regenerate", error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("name,username,password,topic\r\n", "no sensors")]
    [InlineData("name,username,password,topic\nKitchen,\"s-1,pw-1,t/1\n", "not closed")]
    public void An_empty_header_only_or_broken_file_is_refused(string text, string expected) =>
        Assert.Contains(expected, Assert.Single(Refusal(text)));

    [Fact]
    public void Every_bad_line_is_reported_with_its_number()
    {
        var errors = Refusal(
            "name,username,password,topic\n" +
            "A,s-1,pw-1,t/1\n" +
            "B,s-2,pw-2\n" +
            "C,s-3,,t/3\n" +
            "D,s-1,pw-4,t/4\n" +
            "E,s-5,pw-5,t/+/x\n");

        Assert.Equal(4, errors.Count);
        Assert.StartsWith("Line 3: expected 4 fields", errors[0]);
        Assert.Equal("Line 4: the password is empty.", errors[1]);
        Assert.Equal("Line 5: the username s-1 is already on line 2.", errors[2]);
        Assert.StartsWith("Line 6: the topic 't/+/x' contains a wildcard", errors[3]);
    }

    private static IReadOnlyList<SimulatedSensor> Read(string text)
    {
        var result = CredentialsFileReader.Read(text);
        Assert.True(result.TryGetValue(out var sensors), result.Message);
        return sensors;
    }

    private static IReadOnlyList<string> Refusal(string text)
    {
        var result = CredentialsFileReader.Read(text);
        Assert.False(result.Succeeded);
        return result.Errors;
    }
}
