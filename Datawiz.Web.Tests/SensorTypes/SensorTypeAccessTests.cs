using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;

namespace Datawiz.Web.Tests.SensorTypes;

public sealed class SensorTypeAccessTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "admin", IsAdmin: true);
    private static readonly Actor Submitter = new(Guid.NewGuid(), "submitter", IsAdmin: false);
    private static readonly Actor Other = new(Guid.NewGuid(), "other", IsAdmin: false);

    private static SensorType Type(ReviewStatus status) => new() { Review = { Status = status, SubmittedById = Submitter.UserId } };

    [Theory]
    [InlineData(ReviewStatus.Approved, true)]
    [InlineData(ReviewStatus.Deprecated, true)]
    [InlineData(ReviewStatus.Submitted, false)]
    [InlineData(ReviewStatus.Rejected, false)]
    [InlineData(ReviewStatus.Draft, false)]
    public void Others_see_only_reviewed_types(ReviewStatus status, bool visible)
    {
        Assert.Equal(visible, SensorTypeAccess.CanSee(Other, Type(status)));
        Assert.True(SensorTypeAccess.CanSee(Submitter, Type(status)));
        Assert.True(SensorTypeAccess.CanSee(Admin, Type(status)));
    }

    [Theory]
    [InlineData(ReviewStatus.Submitted, true)]
    [InlineData(ReviewStatus.Rejected, true)]
    [InlineData(ReviewStatus.Approved, false)]
    [InlineData(ReviewStatus.Deprecated, false)]
    public void Submitters_change_and_delete_their_type_only_until_it_is_approved(ReviewStatus status, bool allowed)
    {
        Assert.Equal(allowed, SensorTypeAccess.CanEdit(Submitter, Type(status)));
        Assert.Equal(allowed, SensorTypeAccess.CanDelete(Submitter, Type(status)));
        Assert.False(SensorTypeAccess.CanEdit(Other, Type(status)));
        Assert.False(SensorTypeAccess.CanDelete(Other, Type(status)));
        Assert.True(SensorTypeAccess.CanEdit(Admin, Type(status)));
    }

    [Fact]
    public void Only_administrators_deprecate_and_only_approved_types()
    {
        Assert.True(SensorTypeAccess.CanDeprecate(Admin, Type(ReviewStatus.Approved)));
        Assert.False(SensorTypeAccess.CanDeprecate(Admin, Type(ReviewStatus.Submitted)));
        Assert.False(SensorTypeAccess.CanDeprecate(Submitter, Type(ReviewStatus.Approved)));
        Assert.True(SensorTypeAccess.CanRestore(Admin, Type(ReviewStatus.Deprecated)));
    }

    [Fact]
    public void Saving_approves_for_administrators_and_submits_for_everyone_else()
    {
        Assert.Equal(ReviewStatus.Approved, SensorTypeAccess.StatusAfterSave(Admin, null));
        Assert.Equal(ReviewStatus.Submitted, SensorTypeAccess.StatusAfterSave(Submitter, null));
        Assert.Equal(ReviewStatus.Submitted, SensorTypeAccess.StatusAfterSave(Submitter, Type(ReviewStatus.Rejected)));
        Assert.Equal(ReviewStatus.Rejected, SensorTypeAccess.StatusAfterSave(Admin, Type(ReviewStatus.Rejected)));
    }
}
