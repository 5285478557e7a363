using Datawiz.Domain.Applications;
using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;
using Datawiz.Domain.Variables;

namespace Datawiz.Web.Tests.Applications;

public sealed class ApplicationRulesTests
{
    private static readonly TemplateVariable Port = new() { Key = "PORT", Label = "Port", Type = VariableType.Int, Min = 1, Max = 65535 };

    public static ApplicationTemplate ValidTemplate() => new()
    {
        Name = "Node-RED",
        Category = ApplicationCategory.Flow,
        Version = "1.0",
        ManifestTemplate = "metadata:\n  name: {{APP_NAME}}\n  namespace: {{NAMESPACE}}\nport: {{PORT}}\nowner: {{ USER_ID }}\n",
        Variables = [Port],
        CpuMillicores = 250,
        MemoryMiB = 128,
    };

    [Fact]
    public void A_complete_template_has_no_errors()
    {
        Assert.Empty(ApplicationRules.TemplateErrors(ValidTemplate()));
    }

    [Fact]
    public void Placeholders_must_name_a_declared_variable_or_a_built_in()
    {
        var errors = ApplicationRules.ManifestErrors("image: {{IMAGE}}\nns: {{NAMESPACE}}\nport: {{PORT}}", [Port]);

        var error = Assert.Single(errors);
        Assert.Contains("{{IMAGE}}", error);
        Assert.Contains("NAMESPACE, APP_NAME, USER_ID", error);
    }

    [Fact]
    public void Placeholder_keys_are_case_sensitive()
    {
        Assert.Single(ApplicationRules.ManifestErrors("port: {{port}}", [Port]));
    }

    [Fact]
    public void Malformed_placeholders_are_reported()
    {
        var error = Assert.Single(ApplicationRules.ManifestErrors("name: {{ app-name }}", []));

        Assert.Contains("'{{ app-name }}', which is not a valid placeholder", error);
    }

    [Fact]
    public void Placeholders_are_listed_once_in_order_of_use()
    {
        var (keys, malformed) = Placeholders.Scan("{{B}} {{A}} {{ B }}");

        Assert.Equal(["B", "A"], keys);
        Assert.Empty(malformed);
    }

    [Theory]
    [InlineData(null, "The manifest template is required.")]
    [InlineData("   ", "The manifest template is required.")]
    [InlineData("a:\n\tb: 1", "Line 2 of the manifest is indented with a tab")]
    public void The_manifest_is_required_and_indented_with_spaces(string? manifest, string expected)
    {
        Assert.Contains(ApplicationRules.ManifestErrors(manifest, []), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_manifest_has_a_length_limit()
    {
        var error = Assert.Single(ApplicationRules.ManifestErrors(new string('a', Limits.ManifestLength + 1), []));

        Assert.Contains($"{Limits.ManifestLength}", error);
    }

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("2.3.1", true)]
    [InlineData("1.0-beta", true)]
    [InlineData("10", true)]
    [InlineData("", false)]
    [InlineData("v1", false)]
    [InlineData("1..0", false)]
    [InlineData("latest", false)]
    public void Versions_are_dotted_numbers(string version, bool valid)
    {
        Assert.Equal(valid, ApplicationRules.VersionError(version) is null);
    }

    [Theory]
    [InlineData(9, 128, "CPU must be between 10 and 64000")]
    [InlineData(64_001, 128, "CPU must be between 10 and 64000")]
    [InlineData(100, 15, "Memory must be between 16 and 262144")]
    [InlineData(100, 262_145, "Memory must be between 16 and 262144")]
    public void Resource_requests_are_bounded(int cpu, int memory, string expected)
    {
        var error = Assert.Single(ApplicationRules.ResourceErrors(cpu, memory));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_placeholder_names_cannot_be_declared_as_variables()
    {
        var template = ValidTemplate();
        template.Variables.Add(new TemplateVariable { Key = "NAMESPACE", Label = "Namespace" });

        Assert.Contains(ApplicationRules.TemplateErrors(template), e => e.Contains("'NAMESPACE' is reserved", StringComparison.Ordinal));
    }

    [Fact]
    public void Variable_definitions_are_checked_with_the_shared_rules()
    {
        var template = ValidTemplate();
        template.Variables[0] = new TemplateVariable { Key = "PORT", Label = "Port", Type = VariableType.Int, Min = 10, Max = 1 };

        Assert.Contains(ApplicationRules.TemplateErrors(template), e => e.Contains("minimum 10 is above its maximum 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("node-red", null)]
    [InlineData("db1", null)]
    [InlineData("a", null)]
    [InlineData("", "Name is required.")]
    [InlineData("Node-RED", "lower-case")]
    [InlineData("-red", "start and end")]
    [InlineData("red-", "start and end")]
    [InlineData("my_app", "lower-case")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "at most 40")]
    public void Application_names_are_dns_labels(string name, string? expected)
    {
        var error = ApplicationRules.ApplicationNameError(name);

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Templates_asking_more_than_the_class_allows_are_refused_naming_the_limit()
    {
        var template = ValidTemplate();
        template.CpuMillicores = 501;
        template.MemoryMiB = 257;

        var errors = ApplicationRules.ResourceLimitErrors(UserClass.Standard(), template).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains("allows at most 500 per application", errors[0], StringComparison.Ordinal);
        Assert.Contains("allows at most 256 MiB per application", errors[1], StringComparison.Ordinal);
        template.CpuMillicores = 500;
        template.MemoryMiB = 256;
        Assert.Empty(ApplicationRules.ResourceLimitErrors(UserClass.Standard(), template));
    }

    [Theory]
    [InlineData("", "The comment is empty.")]
    [InlineData("   ", "The comment is empty.")]
    [InlineData("Works well.", null)]
    public void Comments_need_text(string text, string? expected)
    {
        Assert.Equal(expected, ApplicationRules.CommentError(text));
    }

    [Fact]
    public void Comments_have_a_length_limit()
    {
        Assert.NotNull(ApplicationRules.CommentError(new string('x', Limits.CommentLength + 1)));
        Assert.Null(ApplicationRules.CommentError(new string('x', Limits.CommentLength)));
    }
}

public sealed class TemplateAccessTests
{
    private static readonly Actor Submitter = new(Guid.NewGuid(), "submitter@datawiz.test", false);
    private static readonly Actor Other = new(Guid.NewGuid(), "other@datawiz.test", false);
    private static readonly Actor Admin = new(Guid.NewGuid(), "admin@datawiz.test", true);

    private static ApplicationTemplate Template(ReviewStatus status) => new() { Review = { Status = status, SubmittedById = Submitter.UserId } };

    [Theory]
    [InlineData(ReviewStatus.Draft, false)]
    [InlineData(ReviewStatus.Submitted, false)]
    [InlineData(ReviewStatus.Rejected, false)]
    [InlineData(ReviewStatus.Approved, true)]
    [InlineData(ReviewStatus.Deprecated, false)]
    public void Others_see_only_approved_templates(ReviewStatus status, bool visible)
    {
        Assert.Equal(visible, TemplateAccess.CanSee(Other, Template(status)));
        Assert.True(TemplateAccess.CanSee(Submitter, Template(status)));
        Assert.True(TemplateAccess.CanSee(Admin, Template(status)));
    }

    [Fact]
    public void A_deprecated_template_stays_visible_to_those_whose_applications_use_it()
    {
        Assert.True(TemplateAccess.CanSee(Other, Template(ReviewStatus.Deprecated), usedByActor: true));
    }

    [Theory]
    [InlineData(ReviewStatus.Draft, true, true, true)]
    [InlineData(ReviewStatus.Rejected, true, true, true)]
    [InlineData(ReviewStatus.Submitted, false, false, true)]
    [InlineData(ReviewStatus.Approved, false, false, false)]
    [InlineData(ReviewStatus.Deprecated, false, false, false)]
    public void Submitters_work_on_their_templates_until_approval(ReviewStatus status, bool edit, bool submit, bool delete)
    {
        var template = Template(status);

        Assert.Equal(edit, TemplateAccess.CanEdit(Submitter, template));
        Assert.Equal(submit, TemplateAccess.CanSubmit(Submitter, template));
        Assert.Equal(delete, TemplateAccess.CanDelete(Submitter, template));
        Assert.False(TemplateAccess.CanEdit(Other, template));
        Assert.False(TemplateAccess.CanDelete(Other, template));
        Assert.True(TemplateAccess.CanEdit(Admin, template));
        Assert.True(TemplateAccess.CanDelete(Admin, template));
    }

    [Fact]
    public void Only_admins_deprecate_and_only_approved_templates()
    {
        Assert.True(TemplateAccess.CanDeprecate(Admin, Template(ReviewStatus.Approved)));
        Assert.False(TemplateAccess.CanDeprecate(Admin, Template(ReviewStatus.Draft)));
        Assert.False(TemplateAccess.CanDeprecate(Submitter, Template(ReviewStatus.Approved)));
    }
}
