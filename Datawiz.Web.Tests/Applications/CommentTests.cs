using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Web.Tests.Harness;
using static Datawiz.Web.Tests.Applications.ApplicationTestData;

namespace Datawiz.Web.Tests.Applications;

public sealed class CommentTestsOnSqlite(SqliteApp app) : CommentTests(app), IClassFixture<SqliteApp>;

public sealed class CommentTestsOnPostgres(PostgresApp app) : CommentTests(app), IClassFixture<PostgresApp>;

/// <summary>Comments on templates: anyone who sees the template comments; authors edit and delete, admins delete.</summary>
public abstract class CommentTests(DatawizApp app)
{
    [Fact]
    public async Task Only_the_author_edits_and_the_author_or_an_admin_deletes()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var author = await app.NewUserAsync("author");
        var other = await app.NewUserAsync("other");
        var admin = await app.AdminAsync();
        var added = await app.Comments().AddAsync(author, templateId, "  Works with version 4.  ", Token);
        Assert.True(added.Succeeded, added.Message);
        var id = added.Expect();

        Assert.Equal(OutcomeKind.NotFound, (await app.Comments().EditAsync(other, id, "Vandalised", Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await app.Comments().DeleteAsync(other, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await app.Comments().EditAsync(admin, id, "Put words in mouth", Token)).Kind);
        var seenByOther = Assert.Single((await app.Comments().ListAsync(other, templateId, 0, 10, Token)).Expect().Items);
        Assert.Equal("Works with version 4.", seenByOther.Text);
        Assert.False(seenByOther.CanEdit);
        Assert.False(seenByOther.CanDelete);

        Assert.True((await app.Comments().EditAsync(author, id, "Works with version 5.", Token)).Succeeded);
        var edited = Assert.Single((await app.Comments().ListAsync(author, templateId, 0, 10, Token)).Expect().Items);
        Assert.Equal("Works with version 5.", edited.Text);
        Assert.NotNull(edited.EditedAt);
        Assert.True(Assert.Single((await app.Comments().ListAsync(admin, templateId, 0, 10, Token)).Expect().Items).CanDelete);

        Assert.True((await app.Comments().DeleteAsync(admin, id, Token)).Succeeded);
        Assert.Empty((await app.Comments().ListAsync(author, templateId, 0, 10, Token)).Expect().Items);
        Assert.Equal([AuditAction.Create, AuditAction.Update, AuditAction.Delete], (await app.AuditOfAsync(id)).Select(e => e.Action));
    }

    [Fact]
    public async Task Empty_and_overlong_comments_are_refused()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();

        var empty = await app.Comments().AddAsync(user, templateId, "   ", Token);
        var overlong = await app.Comments().AddAsync(user, templateId, new string('x', Limits.CommentLength + 1), Token);

        Assert.Equal("The comment is empty.", empty.Message);
        Assert.Contains($"at most {Limits.CommentLength} characters", overlong.Message);
        Assert.Equal(0, (await app.Comments().ListAsync(user, templateId, 0, 10, Token)).Expect().TotalCount);
    }

    [Fact]
    public async Task Comments_come_newest_first_a_page_at_a_time_and_render_escaped()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();
        for (var i = 1; i <= 12; i++)
        {
            Assert.True((await app.Comments().AddAsync(user, templateId, $"Comment {i}", Token)).Succeeded);
        }
        Assert.True((await app.Comments().AddAsync(user, templateId, "<script>alert('x')</script>", Token)).Succeeded);

        var first = (await app.Comments().ListAsync(user, templateId, 0, 10, Token)).Expect();
        var second = (await app.Comments().ListAsync(user, templateId, 1, 10, Token)).Expect();

        Assert.Equal(13, first.TotalCount);
        Assert.Equal("<script>alert('x')</script>", first.Items[0].Text);
        Assert.Equal("Comment 12", first.Items[1].Text);
        Assert.Equal(["Comment 3", "Comment 2", "Comment 1"], second.Items.Select(c => c.Text));

        using var client = await app.ClientForAsync(user);
        var html = await (await client.GetAsync($"/applications/templates/{templateId}")).Content.ReadAsStringAsync(Token);
        Assert.DoesNotContain("<script>alert('x')</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }
}
