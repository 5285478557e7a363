using Datawiz.Domain.Audit;
using Datawiz.Domain.Reviews;

namespace Datawiz.Web.Tests.Domain;

public sealed class AuditEntitiesTests
{
    private static readonly Guid Id = Guid.Parse("0b6c8e52-64a4-4b1f-9a43-3d5b1f2a9c10");

    [Theory]
    [InlineData(AuditEntities.Sensor, "/sensors/")]
    [InlineData(AuditEntities.SensorType, "/sensor-types/")]
    [InlineData(AuditEntities.ApplicationTemplate, "/applications/templates/")]
    [InlineData(AuditEntities.UserApplication, "/applications/")]
    [InlineData(AuditEntities.Group, "/groups/")]
    [InlineData(AuditEntities.Network, "/networks/")]
    public void Entities_with_a_page_link_to_it(string entityType, string page) =>
        Assert.Equal(page + Id, AuditEntities.LinkTo(entityType, Id.ToString()));

    [Theory]
    [InlineData(AuditEntities.User)]
    [InlineData(AuditEntities.UserClass)]
    [InlineData(AuditEntities.TemplateComment)]
    [InlineData("Unknown")]
    public void Entities_without_a_page_of_their_own_have_no_link(string entityType) =>
        Assert.Null(AuditEntities.LinkTo(entityType, Id.ToString()));

    [Fact]
    public void An_id_that_is_not_one_gives_no_link() =>
        Assert.Null(AuditEntities.LinkTo(AuditEntities.Sensor, "../admin"));

    [Fact]
    public void A_review_links_where_its_entity_does() =>
        Assert.All(Enum.GetValues<ReviewKind>(), kind =>
            Assert.Equal(ReviewRules.ItemLink(kind, Id), AuditEntities.LinkTo(AuditEntities.Of(kind), Id.ToString())));

    [Fact]
    public void Every_name_is_listed_once() =>
        Assert.Equal(AuditEntities.All.Count, AuditEntities.All.Distinct(StringComparer.Ordinal).Count());
}
