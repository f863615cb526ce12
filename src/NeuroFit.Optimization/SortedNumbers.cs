namespace NeuroFit.Optimization;

/// <summary>A small ascending set of trial numbers (the pending trials of a study): binary search over a list, no
/// allocation per operation. Adding a number larger than all others — the usual case — is O(1).</summary>
internal sealed class SortedNumbers
{
    private readonly List<int> _items = new();

    public int Count => _items.Count;

    public int this[int index] => _items[index];

    public void Add(int number)
    {
        if (_items.Count == 0 || _items[^1] < number) { _items.Add(number); return; }
        var at = _items.BinarySearch(number);
        if (at < 0) _items.Insert(~at, number);
    }

    public void Remove(int number)
    {
        var at = _items.BinarySearch(number);
        if (at >= 0) _items.RemoveAt(at);
    }
}
