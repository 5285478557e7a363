using Datawiz.Domain.Broker;
using Datawiz.Domain.Sensors;

namespace Datawiz.Web.Tests.Domain;

/// <summary>The topic ACL's rules for each kind of account, without a broker.</summary>
public sealed class TopicAclRulesTests
{
    private static readonly Guid OwnerId = Guid.NewGuid();
    private static readonly Guid OtherId = Guid.NewGuid();
    private static readonly string OwnerPrefix = TopicScheme.UserPrefix(OwnerId);
    private static readonly string OtherPrefix = TopicScheme.UserPrefix(OtherId);
    private static readonly string SensorTopic = TopicScheme.SensorPrefix(OwnerId, "s-aaaaaaaaaaaa");
    private static readonly string SiblingTopic = TopicScheme.SensorPrefix(OwnerId, "s-bbbbbbbbbbbb");
    private static readonly string SharedTopic = TopicScheme.SensorPrefix(OtherId, "s-cccccccccccc");

    private static readonly BrokerIdentity Sensor = new(BrokerRole.Sensor, OwnerId, "s-aaaaaaaaaaaa", SensorTopic);
    private static readonly BrokerIdentity Owner = new(BrokerRole.User, OwnerId, "owner@datawiz.test", OwnerPrefix);
    private static readonly BrokerIdentity Admin = new(BrokerRole.Administrator, Guid.NewGuid(), "admin@datawiz.test", TopicScheme.UserPrefix(Guid.NewGuid()));

    [Theory]
    [InlineData("", true)]
    [InlineData("/tele/SENSOR", true)]
    [InlineData("/cmnd/POWER", true)]
    [InlineData("x", false)]
    public void A_sensor_publishes_only_at_or_below_its_topic(string suffix, bool allowed)
    {
        Assert.Equal(allowed, TopicAcl.MayPublish(Sensor, SensorTopic + suffix));
    }

    [Fact]
    public void A_sensor_may_not_publish_to_its_sibling_its_owners_prefix_another_user_or_sys()
    {
        Assert.False(TopicAcl.MayPublish(Sensor, SiblingTopic));
        Assert.False(TopicAcl.MayPublish(Sensor, $"{OwnerPrefix}/apps/x"));
        Assert.False(TopicAcl.MayPublish(Sensor, $"{OtherPrefix}/x"));
        Assert.False(TopicAcl.MayPublish(Sensor, "$SYS/broker/uptime"));
    }

    [Fact]
    public void A_sensor_subscribes_only_under_its_topic_even_when_something_is_shared()
    {
        Assert.True(TopicAcl.MaySubscribe(Sensor, $"{SensorTopic}/#", []));
        Assert.True(TopicAcl.MaySubscribe(Sensor, $"{SensorTopic}/+/POWER", []));
        Assert.False(TopicAcl.MaySubscribe(Sensor, "#", []));
        Assert.False(TopicAcl.MaySubscribe(Sensor, $"{OwnerPrefix}/#", []));
        Assert.False(TopicAcl.MaySubscribe(Sensor, $"{SharedTopic}/#", [SharedTopic]));
    }

    [Fact]
    public void A_user_publishes_and_subscribes_under_his_prefix_which_holds_his_own_sensors_topics()
    {
        Assert.True(TopicAcl.MayPublish(Owner, $"{OwnerPrefix}/apps/node-red"));
        Assert.True(TopicAcl.MayPublish(Owner, $"{SensorTopic}/cmnd/POWER"));
        Assert.True(TopicAcl.MaySubscribe(Owner, $"{OwnerPrefix}/#", []));
        Assert.True(TopicAcl.MaySubscribe(Owner, $"{OwnerPrefix}/sensors/+", []));
    }

    [Fact]
    public void A_user_subscribes_to_shared_sensors_read_only_and_to_nothing_wider()
    {
        Assert.True(TopicAcl.MaySubscribe(Owner, SharedTopic, [SharedTopic]));
        Assert.True(TopicAcl.MaySubscribe(Owner, $"{SharedTopic}/#", [SharedTopic]));
        Assert.False(TopicAcl.MayPublish(Owner, $"{SharedTopic}/cmnd/POWER"));
        Assert.False(TopicAcl.MaySubscribe(Owner, $"{OtherPrefix}/#", [SharedTopic]));
        Assert.False(TopicAcl.MaySubscribe(Owner, $"{OtherPrefix}/sensors/+", [SharedTopic]));
        Assert.False(TopicAcl.MaySubscribe(Owner, $"{SharedTopic}x/#", [SharedTopic]));
        Assert.False(TopicAcl.MaySubscribe(Owner, $"{SharedTopic}/#", []));
    }

    [Fact]
    public void A_user_may_not_use_another_prefix_the_root_wildcards_or_sys()
    {
        Assert.False(TopicAcl.MayPublish(Owner, $"{OtherPrefix}/x"));
        Assert.False(TopicAcl.MayPublish(Owner, $"{OwnerPrefix}x/y"));
        Assert.False(TopicAcl.MaySubscribe(Owner, "#", []));
        Assert.False(TopicAcl.MaySubscribe(Owner, "+/+/sensors/#", []));
        Assert.False(TopicAcl.MaySubscribe(Owner, "$SYS/#", []));
        Assert.False(TopicAcl.MayPublish(Owner, "$SYS/broker/fake"));
    }

    [Fact]
    public void An_administrator_may_do_anything_including_sys()
    {
        Assert.True(TopicAcl.MaySubscribe(Admin, "#", []));
        Assert.True(TopicAcl.MaySubscribe(Admin, "$SYS/#", []));
        Assert.True(TopicAcl.MaySubscribe(Admin, $"{SharedTopic}/#", []));
        Assert.True(TopicAcl.MayPublish(Admin, $"{SensorTopic}/cmnd/POWER"));
        Assert.True(TopicAcl.MayPublish(Admin, "$SYS/x"));
    }

    [Theory]
    [InlineData("users/abc", "users/abc", true)]
    [InlineData("users/abc/x", "users/abc", true)]
    [InlineData("users/abcd", "users/abc", false)]
    [InlineData("users/ab", "users/abc", false)]
    [InlineData("users", "users/abc", false)]
    public void Within_compares_levels_not_characters(string topic, string prefix, bool within)
    {
        Assert.Equal(within, TopicAcl.IsWithin(topic, prefix));
    }
}
