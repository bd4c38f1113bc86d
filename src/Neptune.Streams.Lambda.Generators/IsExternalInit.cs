namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile for netstandard2.0, which compilers load generators as.</summary>
internal static class IsExternalInit;
