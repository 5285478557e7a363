using Datawiz.Domain.Groups;
using Datawiz.Domain.Networks;

namespace Datawiz.Web.Tests.Domain;

public sealed class NetworkRulesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("12345678")]
    [InlineData("with spaces and ~!@#$%^&*()")]
    public void Accepts_an_empty_or_a_WPA_password(string password) => Assert.Null(NetworkRules.PasswordError(password));

    [Theory]
    [InlineData("1234567")]
    [InlineData("päss wörd")]
    [InlineData("tab\there!")]
    public void Refuses_short_long_or_non_ascii_passwords(string password) => Assert.NotNull(NetworkRules.PasswordError(password));

    [Fact]
    public void Sixty_three_characters_is_the_longest_password()
    {
        Assert.Null(NetworkRules.PasswordError(new string('p', 63)));
        Assert.NotNull(NetworkRules.PasswordError(new string('p', 64)));
    }

    [Theory]
    [InlineData(" Cafe WiFi ")]
    [InlineData("12345678901234567890123456789012")]
    public void Takes_an_ssid_as_typed_up_to_32_characters(string ssid) => Assert.Null(NetworkRules.SsidError(ssid));

    [Theory]
    [InlineData(null, "SSID is required.")]
    [InlineData("", "SSID is required.")]
    [InlineData("123456789012345678901234567890123", "SSID must be at most 32 characters.")]
    [InlineData("line\nbreak", "SSID must be on one line.")]
    public void Refuses_a_missing_long_or_odd_ssid(string? ssid, string message) => Assert.Equal(message, NetworkRules.SsidError(ssid));

    [Fact]
    public void Input_errors_lists_every_problem() =>
        Assert.Equal(3, NetworkRules.InputErrors("", "", "short").Count);
}

public sealed class GroupRulesTests
{
    [Fact]
    public void The_owner_cannot_leave_but_a_member_can()
    {
        var owner = Guid.NewGuid();
        Assert.Equal(GroupRules.OwnerCannotLeave, GroupRules.LeaveError(owner, owner));
        Assert.Null(GroupRules.LeaveError(owner, Guid.NewGuid()));
    }

    [Fact]
    public void Ownership_passes_only_to_another_member()
    {
        var owner = Guid.NewGuid();
        Assert.NotNull(GroupRules.HandOverError(owner, owner, newOwnerIsMember: true));
        Assert.NotNull(GroupRules.HandOverError(owner, Guid.NewGuid(), newOwnerIsMember: false));
        Assert.Null(GroupRules.HandOverError(owner, Guid.NewGuid(), newOwnerIsMember: true));
    }

    [Fact]
    public void Name_and_description_are_checked()
    {
        Assert.Empty(GroupRules.InputErrors("Neighbours", null));
        Assert.Equal(["Name is required."], GroupRules.InputErrors("   ", "fine"));
        Assert.Equal(["Description must be at most 2000 characters."], GroupRules.InputErrors("ok", new string('d', 2001)));
    }
}
