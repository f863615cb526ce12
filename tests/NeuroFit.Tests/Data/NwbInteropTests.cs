using NeuroFit.Data;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Tests.Data;

/// <summary>NWB files written by the HDF5 library itself (h5py, in pynwb's layout: variable-length string attributes,
/// chunked gzip+shuffle float32 data, a float32 rate) import correctly.</summary>
public class NwbInteropTests
{
    [H5pyFact]
    public void Reads_an_h5py_written_current_clamp_series()
    {
        using var files = new TempFiles();
        var nwb = files.Path("cell.nwb");
        var expected = files.Path("expected.npy");
        Python.Run("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], 'w') as f:
                f.attrs['nwb_version'] = '2.6.0'; f.attrs['neurodata_type'] = 'NWBFile'; f.attrs['namespace'] = 'core'
                g = f.create_group('acquisition').create_group('CurrentClampSeries000')
                g.attrs['neurodata_type'] = 'CurrentClampSeries'; g.attrs['namespace'] = 'core'
                v = (np.sin(np.arange(5000) / 100.0) * 0.01 - 0.065).astype(np.float32)
                d = g.create_dataset('data', data=v, chunks=(1000,), compression='gzip', shuffle=True)
                d.attrs['conversion'] = np.float32(2.0); d.attrs['offset'] = np.float64(-0.001); d.attrs['unit'] = 'volts'
                s = g.create_dataset('starting_time', data=np.float64(12.5)); s.attrs['rate'] = np.float32(20000.0); s.attrs['unit'] = 'seconds'
                g.create_dataset('bias_current', data=np.float32(0.0))
                np.save(sys.argv[2], (v.astype(np.float64) * 2.0 - 0.001) * 1000)
            """, nwb, expected);
        var trace = TraceImport.Read(nwb, new TraceRequest());
        var want = Npy.Read(expected).As<double>();
        Assert.Equal(want.Length, trace.Count);
        for (var i = 0; i < want.Length; i++) Assert.Equal(want[i], trace.Values[i], 9);
        Assert.Equal(0.05, trace.UniformDt!.Value, 9);
        Assert.Equal("mV", trace.Unit);
    }
}
