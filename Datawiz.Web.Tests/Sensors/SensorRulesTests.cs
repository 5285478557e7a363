using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorRulesTests
{
    [Fact]
    public void Tags_are_lower_cased_trimmed_and_deduplicated_in_order()
    {
        var tags = SensorRules.ParseTags(" Garden, roof,GARDEN ,ROOF,north_1");

        Assert.True(tags.Succeeded);
        Assert.Equal(["garden", "roof", "north_1"], tags.Expect());
    }

    [Fact]
    public void Commas_separate_tags_and_a_space_inside_one_is_refused_with_the_spelling_to_use()
    {
        var tags = SensorRules.ParseTags("indoor, ground floor");

        Assert.False(tags.Succeeded);
        Assert.Equal("The tag 'ground floor' has a space: separate tags with commas, and write one tag of several words as 'ground-floor'.", tags.Errors.Single());
        Assert.Equal(["indoor", "ground-floor"], SensorRules.ParseTags("indoor, ground-floor").Expect());
    }

    [Theory]
    [InlineData("bad!tag", "only letters, digits")]
    [InlineData("semi;colon", "only letters, digits")]
    [InlineData("<script>", "only letters, digits")]
    public void Tags_with_other_characters_are_refused(string text, string reason)
    {
        var tags = SensorRules.ParseTags(text);

        Assert.False(tags.Succeeded);
        Assert.Contains(reason, tags.Errors.Single());
    }

    [Fact]
    public void Too_long_tags_are_refused()
    {
        var tags = SensorRules.ParseTags(new string('a', Limits.TagLength + 1));

        Assert.Contains($"longer than {Limits.TagLength}", tags.Errors.Single());
        Assert.True(SensorRules.ParseTags(new string('a', Limits.TagLength)).Succeeded);
    }

    [Fact]
    public void At_most_the_limit_of_tags_is_accepted()
    {
        var justEnough = string.Join(',', Enumerable.Range(1, Limits.MaxTags).Select(i => $"t{i}"));
        var tooMany = justEnough + ",extra";

        Assert.True(SensorRules.ParseTags(justEnough).Succeeded);
        Assert.Contains($"at most {Limits.MaxTags} tags", SensorRules.ParseTags(tooMany).Errors.Single());
    }

    [Fact]
    public void No_tags_is_fine()
    {
        Assert.Empty(SensorRules.ParseTags(null).Expect());
        Assert.Empty(SensorRules.ParseTags(" , ").Expect());
    }
}
