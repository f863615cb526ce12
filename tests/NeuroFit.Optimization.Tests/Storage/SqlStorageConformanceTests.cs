using Npgsql;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Tests.Support;

namespace NeuroFit.Optimization.Tests.Storage;

public sealed class SqliteStorageConformanceTests : StorageConformanceTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nf-sqlite-").FullName;
    private int _n;

    protected override IStudyStorage CreateStorage() => new SqliteStudyStorage(Path.Combine(_dir, $"s{_n++}.db"));

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void TheFileReopensWithEverythingAndPassesIntegrityCheck()
    {
        var path = Path.Combine(_dir, "reopen.db");
        long id;
        using (var s = new SqliteStudyStorage(path))
        {
            id = s.CreateStudy("a", "[]", "{}", DateTimeOffset.UnixEpoch).Id;
            s.CreateTrial(id, new NeuroFit.Optimization.Trials.NewTrial(NeuroFit.Optimization.Trials.TrialState.Running,
                new Dictionary<string, double> { ["x"] = 0.1 }, "w", null, new Dictionary<string, string>()), 10, DateTimeOffset.UnixEpoch);
        }
        using var again = (SqliteStudyStorage)StudyStorage.Open("sqlite:" + path);
        Assert.Equal(0.1, again.GetTrials(id)[0]["x"]);
        Assert.Equal("ok", again.IntegrityCheck());
    }

    [Fact]
    public void AFileWrittenBeforeStudyAttributesExistedGainsTheTableAndKeepsItsStudies()
    {
        var path = Path.Combine(_dir, "old.db");
        long id;
        using (var s = new SqliteStudyStorage(path)) id = s.CreateStudy("old", "[]", "{}", DateTimeOffset.UnixEpoch).Id;
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "DROP TABLE nf_study_attrs"; // the schema of the first release
            cmd.ExecuteNonQuery();
        }
        using var again = new SqliteStudyStorage(path);
        Assert.Equal(id, again.FindStudy("old")!.Id);
        Assert.Empty(again.GetStudyAttributes(id));
        again.SetStudyAttribute(id, "k", "v");
        Assert.Equal("v", again.GetStudyAttributes(id)["k"]);
        Assert.Equal("ok", again.IntegrityCheck());
    }

    [Fact]
    public void ReadsSeeChangesMadeByAnotherConnection()
    {
        var path = Path.Combine(_dir, "two.db");
        using var a = new SqliteStudyStorage(path);
        using var b = new SqliteStudyStorage(path);
        var id = a.CreateStudy("s", "[]", "{}", DateTimeOffset.UnixEpoch).Id;
        var none = new Dictionary<string, double>();
        var noAttrs = new Dictionary<string, string>();
        var t0 = a.CreateTrial(id, new NeuroFit.Optimization.Trials.NewTrial(NeuroFit.Optimization.Trials.TrialState.Running, none, "w", null, noAttrs), 10, DateTimeOffset.UnixEpoch)!;
        var t1 = a.CreateTrial(id, new NeuroFit.Optimization.Trials.NewTrial(NeuroFit.Optimization.Trials.TrialState.Running, none, "w", null, noAttrs), 10, DateTimeOffset.UnixEpoch)!;
        b.FinishTrial(t0.Id, 1, NeuroFit.Optimization.Trials.TrialState.Complete, 1, null, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(NeuroFit.Optimization.Trials.TrialState.Complete, a.GetTrials(id)[0].State); // cached prefix now holds trial 0
        Assert.Equal(NeuroFit.Optimization.Trials.TrialState.Running, a.GetTrials(id)[1].State);
        b.FinishTrial(t1.Id, 1, NeuroFit.Optimization.Trials.TrialState.Failed, null, null, "x", DateTimeOffset.UnixEpoch);
        b.CreateTrial(id, new NeuroFit.Optimization.Trials.NewTrial(NeuroFit.Optimization.Trials.TrialState.Running, none, "w2", null, noAttrs), 10, DateTimeOffset.UnixEpoch);
        var all = a.GetTrials(id);
        Assert.Equal([0, 1, 2], all.Select(t => t.Number));
        Assert.Equal(NeuroFit.Optimization.Trials.TrialState.Failed, all[1].State);
        Assert.Equal("w2", all[2].WorkerId);
    }

    [Fact]
    public void ANonDatabaseFileIsAClearError()
    {
        var path = Path.Combine(_dir, "junk.db");
        File.WriteAllText(path, new string('x', 5000));
        var e = Assert.ThrowsAny<StudyStorageException>(() => new SqliteStudyStorage(path));
        Assert.Contains("not a database", e.Message);
    }

    [Fact]
    public void AWriterHeldTooLongGivesThePostgresHint()
    {
        var path = Path.Combine(_dir, "busy.db");
        using var a = new SqliteStudyStorage(path);
        a.CreateStudy("a", "[]", "{}", DateTimeOffset.UnixEpoch);
        using var b = new SqliteStudyStorage(path, TimeSpan.FromSeconds(1));
        using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        raw.Open();
        using var lockTx = raw.BeginTransaction(deferred: false); // another process holding the write lock
        var e = Assert.Throws<StorageBusyException>(() => b.CreateStudy("b", "[]", "{}", DateTimeOffset.UnixEpoch));
        Assert.Contains("use PostgreSQL for concurrent workers", e.Message);
    }
}

[RequiresPostgres]
public sealed class PostgresStorageConformanceTests : StorageConformanceTests
{
    private readonly List<string> _schemas = new();

    protected override IStudyStorage CreateStorage()
    {
        var schema = "nf_test_" + Guid.NewGuid().ToString("N")[..12];
        var cs = RequiresPostgresAttribute.ConnectionString!;
        using (var c = new NpgsqlConnection(cs))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", c);
            cmd.ExecuteNonQuery();
        }
        _schemas.Add(schema);
        return new PostgresStudyStorage(new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema }.ConnectionString);
    }

    public override void Dispose()
    {
        base.Dispose();
        if (_schemas.Count == 0) return;
        using var c = new NpgsqlConnection(RequiresPostgresAttribute.ConnectionString!);
        c.Open();
        foreach (var s in _schemas)
        {
            using var cmd = new NpgsqlCommand($"DROP SCHEMA {s} CASCADE", c);
            cmd.ExecuteNonQuery();
        }
    }

    [StorageFact]
    public void UrlsOpenTheRightStorage()
    {
        var b = new NpgsqlConnectionStringBuilder(RequiresPostgresAttribute.ConnectionString!);
        var schema = "nf_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new NpgsqlConnection(b.ConnectionString)) { c.Open(); new NpgsqlCommand($"CREATE SCHEMA {schema}", c).ExecuteNonQuery(); }
        _schemas.Add(schema);
        using var s = StudyStorage.Open($"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}?schema={schema}");
        Assert.IsType<PostgresStudyStorage>(s);
        Assert.Contains($"schema={schema}", s.Description);
        s.CreateStudy("x", "[]", "{}", DateTimeOffset.UnixEpoch);
        Assert.NotNull(s.FindStudy("x"));
    }
}

public class StorageFactoryTests
{
    [Fact]
    public void UrlsAreRecognisedOrRejectedClearly()
    {
        Assert.IsType<InMemoryStudyStorage>(StudyStorage.Open("memory"));
        var e = Assert.Throws<StudyStorageException>(() => StudyStorage.Open("mongodb://x"));
        Assert.Contains("sqlite:PATH", e.Message);
        Assert.Contains("needs a file path", Assert.Throws<StudyStorageException>(() => StudyStorage.Open("sqlite:")).Message);
        var cs = PostgresStudyStorage.ConnectionStringFromUrl("postgresql://bob:s%40cret@db.example:6543/fits?schema=run1");
        var b = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(("bob", "s@cret", "db.example", 6543, "fits", "run1"), (b.Username, b.Password, b.Host, b.Port, b.Database, b.SearchPath));
        Assert.Contains("unknown PostgreSQL URL option", Assert.Throws<StudyStorageException>(() => PostgresStudyStorage.ConnectionStringFromUrl("postgresql://h/d?x=1")).Message);
    }
}
