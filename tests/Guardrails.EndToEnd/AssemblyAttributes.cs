using System.Runtime.Versioning;

// The suite starts Linux processes (setsid, signals, /proc): kube-apiserver and etcd as envtest ships them.
[assembly: SupportedOSPlatform("linux")]
