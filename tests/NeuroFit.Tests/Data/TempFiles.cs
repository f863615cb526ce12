namespace NeuroFit.Tests.Data;

/// <summary>A fresh temporary directory deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public TempFiles() => Dir = Directory.CreateTempSubdirectory("neurofit-data-").FullName;

    public string Dir { get; }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public string Write(string name, string text)
    {
        var path = Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
