using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tls;

/// <summary>
/// The certificate the webhook serves. Loaded from PEM files (a mounted Secret) and reloaded when they change,
/// including the <c>..data</c> symlink swap Kubernetes does; a failed reload keeps serving the last good certificate.
/// </summary>
internal sealed class ServingCertificate : IDisposable
{
    private readonly Lock _reloadGate = new();
    private readonly CertificateFiles? _files;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CertificateReloadOptions _options;
    private CertificateFileWatcher? _watcher;
    private volatile CertificateSnapshot _current;
    private string? _lastSeen;
    private bool _disposed;

    private ServingCertificate(CertificateSnapshot first, string source, CertificateFiles? files, string? fingerprint, ILogger logger, TimeProvider time, CertificateReloadOptions options)
    {
        _current = first;
        Source = source;
        _files = files;
        _lastSeen = fingerprint;
        _logger = logger;
        _time = time;
        _options = options;
    }

    /// <summary>Raised after each reload attempt of changed files: whether it succeeded, and the error if not.</summary>
    public event Action<bool, string?>? Reloaded;

    /// <summary>The certificate served to new connections; replaced atomically on reload.</summary>
    public X509Certificate2 Current => _current.Certificate;

    /// <summary>The chain sent to clients: the current certificate and the intermediates from its file.</summary>
    public SslStreamCertificateContext Context => _current.Context;

    /// <summary>Where the certificate comes from: the certificate file, or a description of a generated one.</summary>
    public string Source { get; }

    /// <summary>When the current certificate expires.</summary>
    public DateTimeOffset NotAfter => _current.NotAfter;

    /// <summary>
    /// Loads the certificate (leaf first, then any intermediates) and its key from PEM files, and watches them for changes.
    /// </summary>
    /// <exception cref="CertificateLoadException">
    /// A file is missing or malformed, the key does not match, the certificate has expired or may not authenticate a server.
    /// </exception>
    public static ServingCertificate FromFiles(string certificatePath, string keyPath, ILogger logger, TimeProvider? time = null, CertificateReloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        time ??= TimeProvider.System;
        options ??= CertificateReloadOptions.Default;
        var files = new CertificateFiles(Path.GetFullPath(certificatePath), Path.GetFullPath(keyPath));
        var contents = files.Read();
        var serving = new ServingCertificate(Load(contents, logger, time, options), files.CertificatePath, files, contents.Fingerprint, logger, time, options);
        serving.LogServing();
        serving._watcher = new CertificateFileWatcher(files.Folders, options, time, logger, () => serving.Reload());
        return serving;
    }

    /// <summary>
    /// Serves a certificate that never changes, such as a generated one; it must have its private key, and is disposed with this.
    /// </summary>
    /// <exception cref="CertificateLoadException">The certificate has no private key, has expired, or may not authenticate a server.</exception>
    public static ServingCertificate FromCertificate(X509Certificate2 certificate, string source, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(logger);
        time ??= TimeProvider.System;
        if (!certificate.HasPrivateKey)
        {
            throw new CertificateLoadException($"The TLS certificate from {source} ({certificate.Subject}) has no private key.");
        }

        var options = CertificateReloadOptions.Default;
        Warn(logger, CertificateChecks.Check(certificate, source, time.GetUtcNow(), options.ExpiryWarning));
        var snapshot = CertificateSnapshot.Create(certificate, []);
        var serving = new ServingCertificate(snapshot, source, files: null, fingerprint: null, logger, time, options);
        serving.LogServing();
        return serving;
    }

    /// <summary>
    /// Re-reads the files now (the watcher does this by itself) and serves them if they changed and are fit to serve.
    /// </summary>
    /// <returns>Whether a new certificate is now being served.</returns>
    public bool Reload()
    {
        if (_files is null)
        {
            return false;
        }

        (bool Attempted, string? Error) outcome;
        lock (_reloadGate)
        {
            if (_disposed)
            {
                return false;
            }

            outcome = TryReload(_files);
        }

        if (!outcome.Attempted)
        {
            return false;
        }

        Reloaded?.Invoke(outcome.Error is null, outcome.Error);
        return outcome.Error is null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_reloadGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _watcher?.Dispose();
        _current.Dispose();
    }

    // Files are only loaded when their contents differ from the last ones seen, and the same unreadable state is
    // reported once, so polling every 30 seconds neither reloads nor logs the same thing over and over.
    private (bool Attempted, string? Error) TryReload(CertificateFiles files)
    {
        CertificateFileContents contents;
        try
        {
            contents = files.Read();
        }
        catch (CertificateLoadException ex)
        {
            if (_lastSeen == ex.Message)
            {
                return (false, null);
            }

            _lastSeen = ex.Message;
            return (true, Failed(ex));
        }

        if (contents.Fingerprint == _lastSeen)
        {
            return (false, null);
        }

        _lastSeen = contents.Fingerprint;
        try
        {
            // The replaced certificate is left to the finalizer: a handshake that started a moment ago may still use it.
            _current = Load(contents, _logger, _time, _options);
        }
        catch (CertificateLoadException ex)
        {
            return (true, Failed(ex));
        }

        LogServing();
        return (true, null);
    }

    private string Failed(CertificateLoadException error)
    {
        var serving = _current.Certificate;
        _logger.ReloadFailed(serving.Subject, serving.SerialNumber, error.Message);
        return error.Message;
    }

    private static CertificateSnapshot Load(CertificateFileContents contents, ILogger logger, TimeProvider time, CertificateReloadOptions options)
    {
        var (certificate, intermediates) = PemCertificateLoader.Load(contents);
        try
        {
            Warn(logger, CertificateChecks.Check(certificate, contents.Files.CertificatePath, time.GetUtcNow(), options.ExpiryWarning));
            return CertificateSnapshot.Create(certificate, intermediates);
        }
        catch (CryptographicException ex)
        {
            DisposeAll(certificate, intermediates);
            throw new CertificateLoadException($"The TLS certificate in '{contents.Files.CertificatePath}' cannot be served: {ex.Message}", ex);
        }
        catch
        {
            DisposeAll(certificate, intermediates);
            throw;
        }
    }

    private static void DisposeAll(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        certificate.Dispose();
        foreach (var intermediate in intermediates)
        {
            intermediate.Dispose();
        }
    }

    private static void Warn(ILogger logger, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            logger.CertificateWarning(warning);
        }
    }

    private void LogServing()
    {
        var certificate = _current.Certificate;
        _logger.CertificateLoaded(certificate.Subject, certificate.SerialNumber, _current.NotAfter, Source);
    }
}
