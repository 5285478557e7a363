using System.Net;
using System.Text;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorTestsOnSqlite(SqliteApp app) : SensorTests(app), IClassFixture<SqliteApp>;

public sealed class SensorTestsOnPostgres(PostgresApp app) : SensorTests(app), IClassFixture<PostgresApp>;

/// <summary>Sensors through the real services and pages: ownership, sharing, quotas, credentials, import and audit.</summary>
public abstract class SensorTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SensorService Sensors => app.Services.GetRequiredService<SensorService>();

    private SensorSharing Sharing => app.Services.GetRequiredService<SensorSharing>();

    private SensorImport Import => app.Services.GetRequiredService<SensorImport>();

    private async Task<Actor> NewUserAsync(string name = "owner")
    {
        var email = TestAccounts.UniqueEmail(name);
        var user = await app.CreateAccountAsync(email);
        return new Actor(user.Id, email, false);
    }

    private static SensorInput Input(SensorType type, string name, string apiKey = "key-1", string? interval = "30", string? tags = null) => new()
    {
        Name = name,
        SensorTypeId = type.Id,
        Tags = tags,
        Values = new Dictionary<string, string?> { ["interval"] = interval, ["api_key"] = apiKey, ["location"] = "Garden" },
    };

    private async Task<IssuedCredentials> CreateAsync(Actor actor, SensorType type, string name, string? tags = null)
    {
        var created = await Sensors.CreateAsync(actor, Input(type, name, tags: tags), Token);
        Assert.True(created.Succeeded, created.Message);
        return created.Expect();
    }

    private async Task<Sensor?> RawAsync(Guid id)
    {
        await using var db = await app.DbAsync();
        return await db.Sensors.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, Token);
    }

    private async Task<List<AuditEntry>> AuditAsync(object entityId)
    {
        await using var db = await app.DbAsync();
        var id = entityId.ToString();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == AuditEntities.Sensor && a.EntityId == id).ToListAsync(Token);
    }

    [Fact]
    public async Task A_new_sensor_gets_its_own_credentials_and_only_the_hash_is_stored()
    {
        var owner = await NewUserAsync();
        var type = await app.CreateSensorTypeAsync();

        var credentials = await CreateAsync(owner, type, "Kitchen", tags: "Indoor, kitchen, indoor");

        var raw = await RawAsync(credentials.SensorId);
        Assert.NotNull(raw);
        Assert.Matches("^s-[a-z2-7]{12}$", credentials.Username);
        Assert.Equal(credentials.Username, raw.MqttUsername);
        Assert.Equal(TopicScheme.SensorPrefix(owner.UserId, credentials.Username), raw.TopicPrefix);
        Assert.NotEqual(credentials.Password, raw.MqttPasswordHash);
        Assert.DoesNotContain(credentials.Password, raw.MqttPasswordHash);
        Assert.True(SensorCredentials.Verify(raw.MqttPasswordHash, credentials.Password));
        Assert.Equal(["indoor", "kitchen"], raw.Tags);

        // The secret is stored encrypted and never shown back.
        var storedKey = raw.Values.Single(v => v.Key == "api_key").Value;
        Assert.NotEqual("key-1", storedKey);
        Assert.Equal("key-1", app.Services.GetRequiredService<SecretProtector>().Unprotect(storedKey));
        var details = (await Sensors.GetAsync(owner, credentials.SensorId, Token)).Expect();
        var secret = details.Values.Single(v => v.Key == "api_key");
        Assert.Null(secret.Value);
        Assert.True(secret.IsSet);
        Assert.Equal("30", details.Values.Single(v => v.Key == "interval").Value);

        var entry = Assert.Single(await AuditAsync(credentials.SensorId));
        Assert.Equal(AuditAction.Create, entry.Action);
        Assert.Equal(owner.UserId, entry.ActorId);
        Assert.DoesNotContain(credentials.Password, entry.Summary);
    }

    [Fact]
    public async Task Regenerating_the_password_invalidates_the_old_one()
    {
        var owner = await NewUserAsync();
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Roof");

        var regenerated = await Sensors.RegeneratePasswordAsync(owner, created.SensorId, Token);

        Assert.True(regenerated.Succeeded);
        var hash = (await RawAsync(created.SensorId))!.MqttPasswordHash;
        Assert.False(SensorCredentials.Verify(hash, created.Password));
        Assert.True(SensorCredentials.Verify(hash, regenerated.Expect().Password));
        Assert.Equal(created.Username, regenerated.Expect().Username);
        var entry = Assert.Single(await AuditAsync(created.SensorId), a => a.Action == AuditAction.CredentialRegeneration);
        Assert.DoesNotContain(regenerated.Expect().Password, entry.Summary);
    }

    [Fact]
    public async Task Another_user_can_neither_see_nor_change_a_sensor_by_any_route()
    {
        var owner = await NewUserAsync();
        var stranger = await NewUserAsync("stranger");
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Private");

        Assert.Equal(OutcomeKind.NotFound, (await Sensors.GetAsync(stranger, created.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.UpdateAsync(stranger, created.SensorId, new SensorInput { Name = "Mine" }, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.DeleteAsync(stranger, created.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.RegeneratePasswordAsync(stranger, created.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Sharing.OptionsAsync(stranger, created.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Sharing.SetGroupsAsync(stranger, created.SensorId, [], Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.FormOptionsAsync(stranger, created.SensorId, Token)).Kind);
        Assert.Empty((await Sensors.ListAsync(stranger, new SensorQuery(new PageRequest()), Token)).Items);

        var raw = await RawAsync(created.SensorId);
        Assert.Equal("Private", raw!.Name);
        Assert.True(SensorCredentials.Verify(raw.MqttPasswordHash, created.Password));
    }

    [Fact]
    public async Task The_detail_page_is_a_404_for_anyone_but_those_who_may_see_the_sensor()
    {
        var ownerEmail = TestAccounts.UniqueEmail("page-owner");
        var ownerUser = await app.CreateAccountAsync(ownerEmail);
        var owner = new Actor(ownerUser.Id, ownerEmail, false);
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Balcony <b>west</b>");

        using var ownerClient = app.CreatePortalClient();
        await ownerClient.SignInAsync(ownerEmail, TestAccounts.Password);
        var own = await ownerClient.GetAsync($"/sensors/{created.SensorId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var markup = await own.Content.ReadAsStringAsync(Token);
        Assert.Contains(created.Username, markup);
        Assert.Contains("Balcony &lt;b&gt;west&lt;/b&gt;", markup);

        using var stranger = await app.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/sensors/{created.SensorId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/sensors/{created.SensorId}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync($"/sensors/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_copy_and_download_script_is_served_from_the_portal_itself()
    {
        using var client = await app.SignedInClientAsync();

        // Copy buttons load this module; the Content-Security-Policy allows scripts from the portal only.
        var script = await client.GetAsync("/js/clipboard.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("export function copyText", await script.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task A_sensor_shared_with_a_group_is_visible_read_only_to_its_members()
    {
        var owner = await NewUserAsync();
        var member = await NewUserAsync("member");
        var outsider = await NewUserAsync("outsider");
        var group = await app.CreateGroupAsync(owner.UserId, member.UserId);
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Shared one");

        var options = await Sharing.OptionsAsync(owner, created.SensorId, Token);
        Assert.Contains(options.Expect(), o => o.GroupId == group.Id && !o.Shared);
        Assert.True((await Sharing.SetGroupsAsync(owner, created.SensorId, [group.Id], Token)).Succeeded);

        var listed = Assert.Single((await Sensors.ListAsync(member, new SensorQuery(new PageRequest()), Token)).Items);
        Assert.True(listed.ReadOnly);
        Assert.Equal(owner.Name.Split('@')[0], listed.OwnerName);
        var details = await Sensors.GetAsync(member, created.SensorId, Token);
        Assert.False(details.Expect().CanEdit);
        Assert.Null(details.Expect().Values.Single(v => v.Key == "api_key").Value);

        var update = await Sensors.UpdateAsync(member, created.SensorId, Input(await app.CreateSensorTypeAsync(), "Taken over"), Token);
        Assert.False(update.Succeeded);
        Assert.Contains("only its owner can change it", update.Errors.Single());
        Assert.False((await Sensors.DeleteAsync(member, created.SensorId, Token)).Succeeded);
        Assert.False((await Sensors.RegeneratePasswordAsync(member, created.SensorId, Token)).Succeeded);
        Assert.False((await Sharing.SetGroupsAsync(member, created.SensorId, [], Token)).Succeeded);
        Assert.False((await Sensors.FormOptionsAsync(member, created.SensorId, Token)).TryGetValue(out _));
        Assert.Equal("Shared one", (await RawAsync(created.SensorId))!.Name);

        Assert.Equal(OutcomeKind.NotFound, (await Sensors.GetAsync(outsider, created.SensorId, Token)).Kind);
        Assert.Contains(await AuditAsync(created.SensorId), a => a.Action == AuditAction.Update && a.Summary.Contains(group.Name, StringComparison.Ordinal));

        Assert.True((await Sharing.SetGroupsAsync(owner, created.SensorId, [], Token)).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.GetAsync(member, created.SensorId, Token)).Kind);
    }

    [Fact]
    public async Task A_sensor_can_only_be_shared_with_groups_its_owner_belongs_to()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync("other");
        var foreignGroup = await app.CreateGroupAsync(other.UserId);
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Lonely");

        var shared = await Sharing.SetGroupsAsync(owner, created.SensorId, [foreignGroup.Id], Token);

        Assert.False(shared.Succeeded);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.GetAsync(other, created.SensorId, Token)).Kind);
    }

    [Fact]
    public async Task The_form_offers_the_networks_of_the_sensor_owner_only_to_the_owner_and_administrators()
    {
        var owner = await NewUserAsync();
        var stranger = await NewUserAsync("stranger");
        var ownersNetwork = await app.CreateNetworkAsync(owner.UserId);
        var strangersNetwork = await app.CreateNetworkAsync(stranger.UserId);
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Networked");
        var admin = await app.ConfiguredAdminAsync();

        Assert.Equal([ownersNetwork.Id], (await Sensors.FormOptionsAsync(owner, created.SensorId, Token)).Expect().Networks.Select(n => n.Id));
        Assert.Equal([ownersNetwork.Id], (await Sensors.FormOptionsAsync(admin, created.SensorId, Token)).Expect().Networks.Select(n => n.Id));
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.FormOptionsAsync(stranger, created.SensorId, Token)).Kind);
        Assert.Equal([strangersNetwork.Id], (await Sensors.FormOptionsAsync(stranger, Token)).Networks.Select(n => n.Id));
    }

    [Fact]
    public async Task Administrators_see_and_may_change_every_sensor()
    {
        var owner = await NewUserAsync();
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);
        var adminActor = new Actor(admin.Id, DatawizApp.AdminEmail, true);
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Watched");

        var listed = await Sensors.ListAsync(adminActor, new SensorQuery(new PageRequest(Search: "Watched")), Token);

        var item = Assert.Single(listed.Items, i => i.Id == created.SensorId);
        Assert.False(item.ReadOnly);
        Assert.True((await Sensors.GetAsync(adminActor, created.SensorId, Token)).Expect().CanEdit);
    }

    [Fact]
    public async Task Creating_beyond_the_user_class_limit_is_refused_naming_the_limit()
    {
        var owner = await NewUserAsync();
        var userClass = await app.LimitSensorsAsync(owner.UserId, 1);
        var type = await app.CreateSensorTypeAsync();
        await CreateAsync(owner, type, "First");

        var second = await Sensors.CreateAsync(owner, Input(type, "Second"), Token);

        Assert.Equal(OutcomeKind.Invalid, second.Kind);
        Assert.Equal($"Your user class '{userClass.Name}' allows at most 1 sensors; you have 1.", second.Errors.Single());
    }

    [Fact]
    public async Task Only_approved_types_are_offered_but_a_sensor_keeps_a_type_deprecated_later()
    {
        var owner = await NewUserAsync();
        var submitted = await app.CreateSensorTypeAsync(ReviewStatus.Submitted);
        var type = await app.CreateSensorTypeAsync();

        var refused = await Sensors.CreateAsync(owner, Input(submitted, "Draft based"), Token);
        Assert.Contains("choose an approved type", refused.Errors.Single());
        Assert.DoesNotContain((await Sensors.FormOptionsAsync(owner, Token)).Types, t => t.Id == submitted.Id);

        var created = await CreateAsync(owner, type, "Old faithful");
        await using (var db = await app.DbAsync())
        {
            await db.SensorTypes.Where(t => t.Id == type.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.Review.Status, ReviewStatus.Deprecated), Token);
        }

        var renamed = await Sensors.UpdateAsync(owner, created.SensorId, Input(type, "Still faithful"), Token);
        Assert.True(renamed.Succeeded, renamed.Message);
        Assert.Contains((await Sensors.FormOptionsAsync(owner, created.SensorId, Token)).Expect().Types, t => t.Id == type.Id);
        Assert.DoesNotContain((await Sensors.FormOptionsAsync(owner, Token)).Types, t => t.Id == type.Id);
        Assert.False((await Sensors.CreateAsync(owner, Input(type, "New on old type"), Token)).Succeeded);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_messages_and_nothing_is_saved()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync("other");
        var type = await app.CreateSensorTypeAsync();
        var foreignNetwork = await app.CreateNetworkAsync(other.UserId);
        await CreateAsync(owner, type, "Taken");

        var input = Input(type, "  ", interval: "fast", tags: "ok, not ok!");
        input.NetworkId = foreignNetwork.Id;
        var refused = await Sensors.CreateAsync(owner, input, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("Name is required.", refused.Errors);
        Assert.Contains("Interval: 'fast' is not a whole number.", refused.Errors);
        Assert.Contains(refused.Errors, e => e.Contains("'not'", StringComparison.Ordinal) || e.Contains("ok!", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("network", StringComparison.Ordinal));

        var duplicate = await Sensors.CreateAsync(owner, Input(type, "TAKEN"), Token);
        Assert.Equal(SensorService.DuplicateNameMessage("TAKEN"), duplicate.Errors.Single());
        Assert.Equal(1, (await Sensors.ListAsync(owner, new SensorQuery(new PageRequest()), Token)).TotalCount);
    }

    [Fact]
    public async Task Editing_keeps_a_stored_secret_when_left_empty_and_is_audited()
    {
        var owner = await NewUserAsync();
        var type = await app.CreateSensorTypeAsync();
        var network = await app.CreateNetworkAsync(owner.UserId);
        var created = await CreateAsync(owner, type, "Porch");
        var protector = app.Services.GetRequiredService<SecretProtector>();

        var edit = (await Sensors.GetAsync(owner, created.SensorId, Token)).Expect().ToInput();
        Assert.Null(edit.Values["api_key"]);
        edit.Name = "Front porch";
        edit.NetworkId = network.Id;
        Assert.True((await Sensors.UpdateAsync(owner, created.SensorId, edit, Token)).Succeeded);

        var raw = (await RawAsync(created.SensorId))!;
        Assert.Equal(("Front porch", (Guid?)network.Id), (raw.Name, raw.NetworkId));
        Assert.Equal("key-1", protector.Unprotect(raw.Values.Single(v => v.Key == "api_key").Value));

        edit.Values["api_key"] = "key-2";
        Assert.True((await Sensors.UpdateAsync(owner, created.SensorId, edit, Token)).Succeeded);
        raw = (await RawAsync(created.SensorId))!;
        Assert.Equal("key-2", protector.Unprotect(raw.Values.Single(v => v.Key == "api_key").Value));

        var updates = (await AuditAsync(created.SensorId)).Where(a => a.Action == AuditAction.Update).ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.DoesNotContain("key-", u.Summary));
    }

    [Fact]
    public async Task Deleting_removes_the_sensor_and_is_audited()
    {
        var owner = await NewUserAsync();
        var created = await CreateAsync(owner, await app.CreateSensorTypeAsync(), "Gone soon");

        Assert.True((await Sensors.DeleteAsync(owner, created.SensorId, Token)).Succeeded);

        Assert.Null(await RawAsync(created.SensorId));
        Assert.Contains(await AuditAsync(created.SensorId), a => a.Action == AuditAction.Delete);
        Assert.Equal(OutcomeKind.NotFound, (await Sensors.GetAsync(owner, created.SensorId, Token)).Kind);
    }

    [Fact]
    public async Task The_list_searches_filters_sorts_and_pages_on_the_server()
    {
        var owner = await NewUserAsync();
        var dht = await app.CreateSensorTypeAsync();
        var other = await app.CreateSensorTypeAsync();
        await CreateAsync(owner, dht, "Alpha", tags: "garden");
        await CreateAsync(owner, dht, "Bravo", tags: "roof");
        await CreateAsync(owner, other, "Charlie", tags: "garden, cellar");

        var byTag = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(Search: "gard")), Token);
        Assert.Equal(["Alpha", "Charlie"], byTag.Items.Select(i => i.Name));
        var byName = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(Search: "RAV")), Token);
        Assert.Equal("Bravo", Assert.Single(byName.Items).Name);
        var ofType = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(), SensorTypeId: dht.Id), Token);
        Assert.Equal(["Alpha", "Bravo"], ofType.Items.Select(i => i.Name));
        var tagged = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(), Tag: "Garden"), Token);
        Assert.Equal(["Alpha", "Charlie"], tagged.Items.Select(i => i.Name));

        var firstPage = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(0, 2, SortBy: nameof(SensorListItem.Name), Descending: true)), Token);
        Assert.Equal(3, firstPage.TotalCount);
        Assert.Equal(["Charlie", "Bravo"], firstPage.Items.Select(i => i.Name));
        var secondPage = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(1, 2, SortBy: nameof(SensorListItem.Name), Descending: true)), Token);
        Assert.Equal("Alpha", Assert.Single(secondPage.Items).Name);
        var byType = await Sensors.ListAsync(owner, new SensorQuery(new PageRequest(SortBy: nameof(SensorListItem.TypeName))), Token);
        Assert.Equal(3, byType.Items.Count);

        var filters = await Sensors.FilterOptionsAsync(owner, Token);
        Assert.Equal(["cellar", "garden", "roof"], filters.Tags);
        Assert.Equal(2, filters.Types.Count);
    }

    [Fact]
    public async Task A_valid_CSV_file_creates_every_sensor_with_credentials_and_one_audit_entry()
    {
        var owner = await NewUserAsync();
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid():N}");
        var network = await app.CreateNetworkAsync(owner.UserId, "Home wifi");
        var csv = $""""
            name,type,network,interval,location,api_key
            Kitchen,{type.Name},Home wifi,10,"Ground floor, east",k1
            "Cellar ""deep""",{type.Name},,,,k2
            """";

        var imported = await Import.ImportAsync(owner, Encoding.UTF8.GetBytes(csv), Token);

        Assert.True(imported.Succeeded, string.Join("\n", imported.Errors));
        Assert.Equal(["Kitchen", "Cellar \"deep\""], imported.Expect().Select(c => c.SensorName));
        foreach (var credentials in imported.Expect())
        {
            var raw = (await RawAsync(credentials.SensorId))!;
            Assert.True(SensorCredentials.Verify(raw.MqttPasswordHash, credentials.Password));
            Assert.Equal(TopicScheme.SensorPrefix(owner.UserId, credentials.Username), raw.TopicPrefix);
        }
        var kitchen = (await RawAsync(imported.Expect()[0].SensorId))!;
        Assert.Equal(network.Id, kitchen.NetworkId);
        Assert.Equal("Ground floor, east", kitchen.Values.Single(v => v.Key == "location").Value);
        Assert.NotEqual("k1", kitchen.Values.Single(v => v.Key == "api_key").Value);

        var entry = Assert.Single(await AuditAsync(owner.UserId));
        Assert.Contains("Imported 2 sensors", entry.Summary);
    }

    [Fact]
    public async Task A_CSV_file_with_any_error_imports_nothing_and_names_each_line()
    {
        var owner = await NewUserAsync();
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid():N}");
        await CreateAsync(owner, type, "Existing");
        var csv = $"""
            name,type,network,interval,location,api_key
            Fine,{type.Name},,10,,k
            Unknown,No such type,,,,k
            Fine,{type.Name},,,,k
            Existing,{type.Name},,,,k
            Slow,{type.Name},,often,,k
            Short,{type.Name}
            """;

        var result = await Import.ImportAsync(owner, Encoding.UTF8.GetBytes(csv), Token);

        Assert.False(result.Succeeded);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains("Line 3: unknown sensor type 'No such type'", errors);
        Assert.Contains("Line 4: the name 'Fine' is already used on line 2", errors);
        Assert.Contains("Line 5: you already have a sensor named 'Existing'", errors);
        Assert.Contains("Line 6: Interval: 'often' is not a whole number.", errors);
        Assert.Contains("Line 7: expected 6 fields", errors);
        Assert.Equal(1, (await Sensors.ListAsync(owner, new SensorQuery(new PageRequest()), Token)).TotalCount);
        Assert.Empty(await AuditAsync(owner.UserId));
    }

    [Fact]
    public async Task A_CSV_file_with_wrong_columns_or_bytes_is_refused()
    {
        var owner = await NewUserAsync();
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid():N}");

        var wrongHeader = await Import.ImportAsync(owner, Encoding.UTF8.GetBytes($"name,kind\nA,{type.Name}\n"), Token);
        Assert.Contains("header must start with name,type,network", wrongHeader.Errors.Single());

        byte[] latin1 = [.. Encoding.UTF8.GetBytes($"name,type,network,api_key\nK"), 0xFC, .. Encoding.UTF8.GetBytes($"che,{type.Name},,k\n")];
        var badBytes = await Import.ImportAsync(owner, latin1, Token);
        Assert.Contains("not valid UTF-8", badBytes.Errors.Single());

        Assert.Equal(0, (await Sensors.ListAsync(owner, new SensorQuery(new PageRequest()), Token)).TotalCount);
    }

    [Fact]
    public async Task The_quota_counts_every_row_of_an_import()
    {
        var owner = await NewUserAsync();
        var userClass = await app.LimitSensorsAsync(owner.UserId, 2);
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid():N}");
        await CreateAsync(owner, type, "Already here");
        var csv = $"name,type,network,api_key\nOne,{type.Name},,k\nTwo,{type.Name},,k\n";

        var result = await Import.ImportAsync(owner, Encoding.UTF8.GetBytes(csv), Token);

        Assert.False(result.Succeeded);
        Assert.Contains($"Your user class '{userClass.Name}' allows at most 2 sensors; you have 1.", result.Errors.Single());
        Assert.Equal(1, (await Sensors.ListAsync(owner, new SensorQuery(new PageRequest()), Token)).TotalCount);
    }

    [Fact]
    public async Task A_file_of_the_largest_size_full_of_bad_lines_gets_a_bounded_list_of_errors()
    {
        var owner = await NewUserAsync();
        const string header = "name,type,network\n";
        var lines = (SensorCsv.MaxBytes - header.Length) / 2;
        var file = Encoding.UTF8.GetBytes(header + string.Concat(Enumerable.Repeat("x\n", lines)));

        var result = await Import.ImportAsync(owner, file, Token);

        // The quota comes first (the file holds far more rows than any class allows), then the first 100 lines.
        Assert.False(result.Succeeded);
        Assert.Equal(102, result.Errors.Count);
        Assert.StartsWith("Your user class", result.Errors[0], StringComparison.Ordinal);
        Assert.Equal("Line 2: expected 3 fields like the header, found 1 (enclose values that contain commas in quotes).", result.Errors[1]);
        Assert.Equal($"…and {lines - 100} more lines with errors.", result.Errors[^1]);
    }

    [Fact]
    public async Task Concurrent_imports_together_stay_within_the_quota()
    {
        var owner = await NewUserAsync();
        var userClass = await app.LimitSensorsAsync(owner.UserId, 20);
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid():N}");
        for (var i = 0; i < 10; i++)
        {
            await CreateAsync(owner, type, $"Existing {i}");
        }
        var files = Enumerable.Range(0, 3)
            .Select(f => Encoding.UTF8.GetBytes("name,type,network,api_key\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"File {f} row {i},{type.Name},,k\n"))))
            .ToList();

        var results = await Task.WhenAll(files.Select(file => Task.Run(() => Import.ImportAsync(owner, file, Token), Token)));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.StartsWith(
            $"Your user class '{userClass.Name}' allows at most 20 sensors; you have 20.", Assert.Single(r.Errors), StringComparison.Ordinal));
        Assert.Equal(20, (await Sensors.ListAsync(owner, new SensorQuery(new PageRequest()), Token)).TotalCount);
    }

    [Fact]
    public async Task Concurrent_creates_together_stay_within_the_quota()
    {
        var owner = await NewUserAsync();
        var userClass = await app.LimitSensorsAsync(owner.UserId, 3);
        var type = await app.CreateSensorTypeAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => Sensors.CreateAsync(owner, Input(type, $"Racer {i}"), Token), Token)));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(
            $"Your user class '{userClass.Name}' allows at most 3 sensors; you have 3.", Assert.Single(r.Errors)));
        Assert.Equal(3, (await Sensors.ListAsync(owner, new SensorQuery(new PageRequest()), Token)).TotalCount);
    }

    [Fact]
    public async Task A_shared_sensor_names_its_owner_by_display_name_not_by_email()
    {
        var owner = await NewUserAsync();
        var (member, client) = await app.SignedInActorAsync();
        using var _ = client;
        var group = await app.CreateGroupAsync(owner.UserId, member.UserId);
        var id = await app.InsertSensorAsync(owner.UserId, sharedWithGroup: group.Id);
        var displayName = owner.Name.Split('@')[0];

        var listed = (await Sensors.ListAsync(member, new SensorQuery(new PageRequest()), Token)).Items.Single(i => i.Id == id);
        var details = (await Sensors.GetAsync(member, id, Token)).Expect();
        var list = await PortalClient.TextOf(await client.GetAsync("/sensors"));
        var page = await PortalClient.TextOf(await client.GetAsync($"/sensors/{id}"));

        Assert.Equal(displayName, listed.OwnerName);
        Assert.Equal(displayName, details.OwnerName);
        Assert.Contains(displayName, page, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Name, list, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Name, page, StringComparison.Ordinal);
    }
}
