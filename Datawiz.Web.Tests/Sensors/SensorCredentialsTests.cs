using System.Text.RegularExpressions;
using Datawiz.Infrastructure.Sensors;

namespace Datawiz.Web.Tests.Sensors;

public sealed partial class SensorCredentialsTests
{
    [Fact]
    public void Usernames_are_s_dash_and_twelve_base32_characters()
    {
        var names = Enumerable.Range(0, 50).Select(_ => SensorCredentials.NewUsername()).ToList();

        Assert.All(names, name => Assert.Matches(UsernamePattern(), name));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void No_password_starts_with_a_character_a_spreadsheet_reads_as_a_formula()
    {
        // One in 64 would start with '-', which the credentials download must then neutralise, changing the password.
        var passwords = Enumerable.Range(0, 2000).Select(_ => SensorCredentials.NewPassword());

        Assert.All(passwords, password => Assert.DoesNotMatch("^[-=+@]", password));
    }

    [Fact]
    public void Passwords_carry_256_url_safe_bits()
    {
        var password = SensorCredentials.NewPassword();

        Assert.Matches(UrlSafePattern(), password);
        Assert.True(password.Length * 6 >= 256, $"{password.Length} characters");
        Assert.NotEqual(password, SensorCredentials.NewPassword());
    }

    [Fact]
    public void A_hash_verifies_its_password_only()
    {
        var password = SensorCredentials.NewPassword();
        var hash = SensorCredentials.Hash(password);

        Assert.DoesNotContain(password, hash);
        Assert.True(SensorCredentials.Verify(hash, password));
        Assert.False(SensorCredentials.Verify(hash, SensorCredentials.NewPassword()));
        Assert.False(SensorCredentials.Verify(hash, password + "x"));
        // Salted: the same password never gives the same hash twice.
        Assert.NotEqual(hash, SensorCredentials.Hash(password));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    public void Malformed_hashes_verify_nothing(string hash)
    {
        Assert.False(SensorCredentials.Verify(hash, "anything"));
    }

    [GeneratedRegex("^s-[a-z2-7]{12}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UrlSafePattern();
}
